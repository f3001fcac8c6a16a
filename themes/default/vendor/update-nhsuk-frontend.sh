#!/usr/bin/env bash
# Vendors NHS.UK frontend's compiled CSS and JavaScript into the default theme, from the npm
# package.
#
#   bash themes/default/vendor/update-nhsuk-frontend.sh 10.6.1
#
# Then rebuild, run `BLESS=1 cargo test --test golden`, the browser checks, and look at the
# screenshots (docs/development.md, "NHS.UK frontend").
#
# What it changes in the package's nhsuk-frontend.min.css, so that pages make no network
# requests and work opened from disk:
# - the two @font-face rules that load the NHS typeface (Frutiger) from assets.nhs.uk are
#   removed: the typeface is licensed, not bundled; the font stack then falls back to Arial
#   and sans-serif, as NHS.UK frontend's own stack does;
# - the icon images the CSS uses (url(/assets/images/...), from the web server's root) are
#   written into it as data: addresses: a browser refuses a CSS mask image from file://, and
#   an address from the server's root would miss a site published under a sub-path.
# What it changes in nhsuk-frontend.min.js, an ES module: its last statement, `export{...}`, is
# left out, so that it loads as a classic script. Browsers refuse modules from file://, where
# policybook's pages must work; as a classic script its functions are global, and the theme's
# js/nhsuk-init.js calls its initAll(). Pages work without it too (progressive enhancement).
set -euo pipefail
version="${1:?usage: update-nhsuk-frontend.sh VERSION}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dest="$here/../static/vendor/nhsuk-frontend"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "nhsuk-frontend@$version" >/dev/null && tar xzf nhsuk-frontend-*.tgz)
dist="$tmp/package/dist/nhsuk"
rm -rf "$dest"
mkdir -p "$dest"
sed -e 's/@font-face{[^}]*assets\.nhs\.uk[^}]*}//g' \
    -e 's#/\*\# sourceMappingURL=[^*]*\*/##' \
    "$dist/nhsuk-frontend.min.css" > "$tmp/css"
for icon in $(grep -o 'url(/assets/images/[^)]*)' "$tmp/css" | sed 's#url(/assets/images/\(.*\))#\1#' | sort -u); do
  data="$(node -p "'data:image/svg+xml,' + encodeURIComponent(require('fs').readFileSync('$dist/assets/images/$icon', 'utf8').trim()).replace(/'/g, '%27')")"
  sed -i "s#url(/assets/images/$icon)#url(\"$data\")#g" "$tmp/css"
done
mv "$tmp/css" "$dest/nhsuk-frontend.min.css"
if grep -q 'assets\.nhs\.uk\|url(/\|url(images' "$dest/nhsuk-frontend.min.css"; then
  echo "update-nhsuk-frontend.sh: the CSS still loads something from a server:" >&2
  grep -o 'url([^)]*)' "$dest/nhsuk-frontend.min.css" | grep -v 'url(data:\|url("data:' >&2
  exit 1
fi
sed -e 's/export{[^}]*};*\(\/\/# sourceMappingURL=.*\)\{0,1\}$//' \
    "$dist/nhsuk-frontend.min.js" > "$dest/nhsuk-frontend.min.js"
if grep -q 'export{\|^import' "$dest/nhsuk-frontend.min.js" || ! grep -q 'function initAll' "$dest/nhsuk-frontend.min.js"; then
  echo "update-nhsuk-frontend.sh: the JavaScript is no longer one module ending in export{...}: review it" >&2
  exit 1
fi
node --check "$dest/nhsuk-frontend.min.js"
# The npm package ships no licence file; its package.json and README declare the MIT licence,
# copyright NHS England.
license="$(node -p "require('$tmp/package/package.json').license")"
[ "$license" = MIT ] || { echo "update-nhsuk-frontend.sh: the licence is now $license: review it" >&2; exit 1; }
cat > "$dest/LICENSE.txt" <<LICENCE
NHS.UK frontend $version (https://github.com/nhsuk/nhsuk-frontend), from the npm package
nhsuk-frontend@$version, whose package.json and README declare the MIT Licence.

The MIT License (MIT)

Copyright (c) NHS England

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
LICENCE
echo "$version" > "$here/nhsuk-frontend.version"
ls -l "$dest"
