#!/usr/bin/env python3
"""A trust's policy library at scale, for docs/development.md ("The policy library at 200
policies"): N policies (default 200) in 8 folders two levels deep, each linking to two others
by relative `.md` links at an anchor, one in four with a PDF attachment, one in twenty a draft,
and BROKEN (default 5) links to a policy file that does not exist. Deterministic (seed 17).

    python3 benches/gen_library.py OUT [N] [BROKEN]

OUT receives book.toml, a copy of the example's content/ and the generated policies/.
"""
import os
import random
import shutil
import sys

here = os.path.dirname(os.path.abspath(__file__))
out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 200
n_broken = int(sys.argv[3]) if len(sys.argv) > 3 else 5
random.seed(17)
os.makedirs(out, exist_ok=True)
shutil.copytree(os.path.join(here, "..", "content"), os.path.join(out, "content"), dirs_exist_ok=True)
shutil.copy(os.path.join(here, "..", "book.toml"), out)
folders = ["estates", "ig", "ig/records", "it", "it/cyber", "hr", "clinical", "security"]
stds = ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6"]
stds += [f"3.{i}" for i in range(1, 16)] + ["4.1", "4.2", "4.3", "4.4"]
pols = [(folders[i % len(folders)], f"policy-{i:03d}") for i in range(n)]
broken_at = set(range(10, n, max(1, n // max(1, n_broken)))[:n_broken]) if n_broken else set()
for i, (f, name) in enumerate(pols):
    d = os.path.join(out, "policies", f)
    os.makedirs(d, exist_ok=True)
    links = []
    for j in random.sample(range(n), 2):
        tf, tn = pols[j]
        rel = os.path.relpath(f"policies/{tf}/{tn}.md", f"policies/{f}")
        links.append(f"[see {tn}]({rel}#2.1)")
    if i in broken_at:
        links.append("[missing](no-such-policy.md)")
    status = "draft" if i % 20 == 3 else "approved"
    att = ""
    if i % 4 == 0:
        os.makedirs(os.path.join(d, name), exist_ok=True)
        with open(os.path.join(d, name, "appendix-a.pdf"), "wb") as fh:
            fh.write(b"%PDF-1.4 example\n" * 50)
        att = f" The form is [appendix A]({name}/appendix-a.pdf)."
    impl = ", ".join(f'"{s}"' for s in random.sample(stds, 4))
    y, m = 2024 + i % 4, 1 + i % 12
    with open(os.path.join(d, f"{name}.md"), "w") as fh:
        fh.write(f"""---
title: Policy {i:03d}
kind: policy
code: POL/{i // 100 + 1:03d}/{i % 100:03d}
version: "1.{i % 5}"
status: {status}
owner: Owner {i % 17}
approving_body: Committee {i % 5}
approved: 2023-{m:02d}-01
review: {y}-{m:02d}-28
implements: [{impl}]
---
## 1 Purpose

1.1 This policy sets out purpose {i}.{att}

## 2 Duties

2.1 Staff follow it; {" and ".join(links)}.
""")
print(f"{n} policies, {len(broken_at)} broken links, in {out}")
