//! The organisation's identity (`[organisation]`), the accessibility statement
//! (`[accessibility]`), a theme that replaces one block or one template of the default, and
//! the words of the default theme (plurals).

mod common;

use common::{BOOK_TOML, build_site, built_page, small_site};

const LOGO: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"/>";

fn book(extra: &str) -> String {
    format!("{BOOK_TOML}{extra}")
}

#[test]
fn the_organisation_shows_in_the_header_and_footer_of_every_page() {
    let toml = book(
        "[organisation]\nname = \"Example NHS Trust\"\nlogo = \"images/logo.svg\"\n\
         header-links = [{ text = \"Staff intranet\", url = \"https://intranet.example.nhs.uk/\" }]\n\
         footer-links = [{ text = \"Privacy notice\", url = \"https://www.example.nhs.uk/privacy/\" }]\n\
         email = \"security@example.nhs.uk\"\nphone = \"01632 960 000\"\n",
    );
    let site = small_site(&[("book.toml", &toml), ("images/logo.svg", LOGO)]);
    let (code, err) = build_site(site.path(), &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read_to_string(site.path().join("book/images/logo.svg")).unwrap(),
        LOGO,
        "the logo is copied into the site"
    );
    for (page, root) in [("index.html", ""), ("policies/security-policy.html", "../")] {
        let html = built_page(site.path(), page);
        assert!(
            html.contains(&format!(
                "<img class=\"nhsuk-header__organisation-logo\" src=\"{root}images/logo.svg\" alt=\"Example NHS Trust\">"
            )),
            "{page}: the logo, at the top left, named"
        );
        assert!(
            !html.contains("aria-label=\"NHS\""),
            "the logo replaces the NHS logo"
        );
        assert!(html.contains("href=\"https://intranet.example.nhs.uk/\">Staff intranet</a>"));
        assert!(html.contains("href=\"https://www.example.nhs.uk/privacy/\">Privacy notice</a>"));
        assert!(html.contains("href=\"mailto:security@example.nhs.uk\""));
        assert!(html.contains("Phone: 01632 960 000"));
        assert!(
            html.contains(&format!(
                "href=\"{root}accessibility.html\">Accessibility statement</a>"
            )),
            "{page}: the statement is linked from the footer"
        );
    }
}

#[test]
fn nhs_branding_is_the_default_and_can_be_switched_off() {
    let site = small_site(&[]);
    assert_eq!(build_site(site.path(), &[]).0, 0);
    let html = built_page(site.path(), "index.html");
    assert!(html.contains("aria-label=\"NHS\""), "the NHS logo");
    assert!(html.contains("<span class=\"nhsuk-header__organisation-name\">Test Trust</span>"));

    let toml = book("[organisation]\nnhs-branding = false\n");
    let site = small_site(&[("book.toml", &toml)]);
    assert_eq!(build_site(site.path(), &[]).0, 0);
    let html = built_page(site.path(), "index.html");
    assert!(!html.contains("aria-label=\"NHS\""), "no NHS logo");
    assert!(html.contains("nhsuk-header--white"));
    assert!(html.contains("<span class=\"pb-header__organisation-name\">Test Trust</span>"));
}

#[test]
fn the_accessibility_statement_says_what_book_toml_says() {
    let toml = book(
        "[organisation]\nemail = \"security@example.nhs.uk\"\n\
         [accessibility]\ncompliance = \"partial\"\nissues = [\"Old policies are scanned PDFs.\"]\n\
         phone = \"01632 960 001\"\nresponse-days = 10\nprepared = \"2026-09-01\"\n",
    );
    let site = small_site(&[("book.toml", &toml)]);
    let (code, err) = build_site(site.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let html = built_page(site.path(), "accessibility.html");
    for shown in [
        "<title>Accessibility statement – Test site</title>",
        "<li>Old policies are scanned PDFs.</li>",
        "href=\"mailto:security@example.nhs.uk\"",
        "call 01632 960 001",
        "in 10 working days",
        "partially compliant with the",
        "Equality and Human Rights Commission",
        "Equality Commission for Northern Ireland",
        "This statement was prepared on 2026-09-01.",
    ] {
        assert!(html.contains(shown), "the statement shows {shown:?}");
    }

    let site = small_site(&[(
        "book.toml",
        &book("[accessibility]\ncompliance = \"full\"\n"),
    )]);
    assert_eq!(build_site(site.path(), &[]).0, 0);
    let html = built_page(site.path(), "accessibility.html");
    assert!(html.contains("fully compliant with the"));
    assert!(!html.contains("not fully accessible"));
}

/// A `book.toml` error: exit code 2, the message, and where (`book.toml:line:column`).
fn config_error(toml: &str, parts: &[&str]) {
    let site = small_site(&[("book.toml", toml)]);
    let (code, err) = build_site(site.path(), &[]);
    assert_eq!(code, 2, "{err}");
    for p in parts {
        assert!(err.contains(p), "expected {p:?} in:\n{err}");
    }
}

#[test]
fn identity_mistakes_are_errors_at_their_line() {
    config_error(
        &book("[organisation]\nname = \"T\"\nlogo = \"images/missing.png\"\n"),
        &[
            "the logo \"images/missing.png\" does not exist",
            "book.toml:6:1",
        ],
    );
    config_error(
        &book("[organisation]\nlogo = \"book.toml\"\n"),
        &["the logo \"book.toml\" is not an image", "book.toml:5:1"],
    );
    config_error(
        &book("[organisation]\nemail = \"security at example\"\n"),
        &["is not an email address", "book.toml:5:1"],
    );
    config_error(
        &book("[accessibility]\ncompliance = \"mostly\"\n"),
        &["unknown variant `mostly`", "book.toml:5:"],
    );
    config_error(
        &book("[accessibility]\ntested = \"September\"\n"),
        &[
            "`accessibility.tested` \"September\" is not a date",
            "book.toml:5:1",
        ],
    );
    config_error(
        &book("[organisation]\nfooter-links = [{ text = \"\", url = \"https://x.example/\" }]\n"),
        &["has no text or no url", "book.toml:5:1"],
    );
}

#[test]
fn a_theme_replaces_one_block_of_the_default_or_one_template() {
    let toml = book("[build]\ntheme = \"mine\"\n");
    let site = small_site(&[
        ("book.toml", &toml),
        (
            "themes/mine/templates/base.html",
            "{% extends \"default/base.html\" %}\n{% block footer %}<footer class=\"mine\">Our own footer</footer>{% endblock %}\n",
        ),
        (
            "themes/mine/templates/glossary.html",
            "{% extends \"base.html\" %}{% block content %}<h1>Our glossary</h1>{% endblock %}\n",
        ),
    ]);
    let (code, err) = build_site(site.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let policy = built_page(site.path(), "policies/security-policy.html");
    assert!(
        policy.contains("<footer class=\"mine\">Our own footer</footer>"),
        "the block replaced"
    );
    assert!(!policy.contains("nhsuk-footer"), "the default footer gone");
    assert!(
        policy.contains("class=\"nhsuk-header"),
        "the rest of the default kept"
    );
    assert!(
        policy.contains("Security Policy"),
        "the default policy template kept"
    );
    let glossary = built_page(site.path(), "glossary.html");
    assert!(
        glossary.contains("<h1>Our glossary</h1>"),
        "one template replaced"
    );
    assert!(
        glossary.contains("Our own footer"),
        "through the theme's own base"
    );
}

#[test]
fn counts_are_worded_in_the_singular_and_the_plural() {
    let site = small_site(&[]);
    assert_eq!(build_site(site.path(), &[]).0, 0);
    let home = built_page(site.path(), "index.html");
    assert!(home.contains("3 standards"), "the edition has three");
    assert!(
        home.contains(">1 standard<"),
        "the prevention area has one: {home}"
    );
    assert!(!home.contains("1 standards"));
}

#[test]
fn nhs_frontend_css_and_javascript_come_with_every_site_and_load_from_disk() {
    let site = small_site(&[]);
    assert_eq!(build_site(site.path(), &[]).0, 0);
    let html = built_page(site.path(), "index.html");
    assert!(html.contains("href=\"vendor/nhsuk-frontend/nhsuk-frontend.min.css\""));
    // A classic script (a module would not load from file://), started by the theme's script.
    assert!(html.contains("<script src=\"vendor/nhsuk-frontend/nhsuk-frontend.min.js\"></script>"));
    assert!(html.contains("<script src=\"js/nhsuk-init.js\"></script>"));
    let js = built_page(site.path(), "vendor/nhsuk-frontend/nhsuk-frontend.min.js");
    assert!(js.contains("function initAll"));
    assert!(
        !js.contains("export{"),
        "the module's export statement is left out"
    );
    let css = built_page(site.path(), "vendor/nhsuk-frontend/nhsuk-frontend.min.css");
    assert!(!css.contains("url(/"), "nothing from a server's root");
    assert!(
        !css.contains("assets.nhs.uk"),
        "no font fetched from the NHS's servers"
    );
    assert!(built_page(site.path(), "vendor/nhsuk-frontend/LICENSE.txt").contains("MIT"));
}

#[test]
fn a_logo_named_as_a_file_of_the_theme_stops_the_build_and_leaves_the_last_one() {
    let toml = book("[organisation]\nname = \"Example NHS Trust\"\nlogo = \"images/logo.svg\"\n");
    let site = small_site(&[("book.toml", &toml), ("images/logo.svg", LOGO)]);
    let (code, err) = build_site(site.path(), &[]);
    assert_eq!(code, 0, "{err}");
    // The theme gets a picture of its own by the same name: one would replace the other.
    let theirs = "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>theme</title></svg>";
    let dir = site.path().join("themes/default/static/images");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("logo.svg"), theirs).unwrap();
    let (code, err) = build_site(site.path(), &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "two files of the site would be written to images/logo.svg: a static file of the theme and the organisation's logo"
        ),
        "{err}"
    );
    assert!(
        err.contains("book.toml"),
        "pointed at the logo's setting: {err}"
    );
    assert_eq!(
        std::fs::read_to_string(site.path().join("book/images/logo.svg")).unwrap(),
        LOGO,
        "the last good build is left as it was"
    );
}
