//! The CI templates of `docs/ci/` and the release workflow parse as YAML and do what
//! `docs/deploy.md` says they do: build, `check --offline` on every merge, external links
//! nightly, and a nightly rebuild and publish (so that review dates stay true). A template
//! broken by an edit fails here, not in a trust's pipeline.

use std::path::Path;

use serde_json::Value;

fn load(path: &str) -> Value {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{path}: {e}"));
    let value: Value = serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert!(value.is_object(), "{path}: a map at the top");
    value
}

/// Every text under `v` (the commands of its steps and scripts, among the rest), joined.
fn texts(v: &Value) -> String {
    match v {
        Value::String(s) => format!("{s}\n"),
        Value::Array(a) => a.iter().map(texts).collect(),
        Value::Object(m) => m.values().map(texts).collect(),
        _ => String::new(),
    }
}

/// A command line of `script` (the commands joined) that runs policybook with all of `words`.
fn runs(script: &str, words: &[&str]) -> bool {
    script.lines().any(|l| {
        let l = l.trim();
        l.starts_with("policybook ") && words.iter().all(|w| l.split_whitespace().any(|x| x == *w))
    })
}

fn job<'a>(jobs: &'a Value, name: &str, path: &str) -> &'a Value {
    jobs.get(name)
        .unwrap_or_else(|| panic!("{path}: no job {name}"))
}

/// Whether the text of `cond` names each of `words`.
fn names(cond: &Value, words: &[&str]) -> bool {
    let t = texts(cond);
    words.iter().all(|w| t.contains(w))
}

/// `policybook` is installed from a variable the trust sets, never from a made-up address.
fn installs_from_a_variable(script: &str, path: &str, variable: &str) {
    assert!(
        script.contains(":?set ") && script.contains(variable),
        "{path}: installs policybook from the variable {variable}, and says when it is not set"
    );
    assert!(
        !script.contains("example.com") && !script.contains("<repo"),
        "{path}: no placeholder address"
    );
}

#[test]
fn github_actions_template() {
    let path = "docs/ci/github-actions.yml";
    let w = load(path);
    let on = w.get("on").unwrap_or_else(|| panic!("{path}: no `on`"));
    assert!(
        on.get("pull_request").is_some(),
        "{path}: runs on pull requests"
    );
    assert!(
        texts(&on["push"]).contains("main"),
        "{path}: runs on merges to main"
    );
    let cron = texts(&on["schedule"]);
    assert!(
        cron.split_whitespace().count() == 5,
        "{path}: a nightly cron: {cron}"
    );
    let jobs = &w["jobs"];

    let check = job(jobs, "check", path);
    let cond = check["if"].as_str().unwrap_or_default();
    assert!(
        cond.contains("pull_request") && !cond.contains("schedule"),
        "{path}: the check runs on pull requests: {cond}"
    );
    let steps = texts(&check["steps"]);
    assert!(runs(&steps, &["build"]), "{path}: check builds");
    assert!(
        runs(&steps, &["check", "--offline"]),
        "{path}: check --offline"
    );
    installs_from_a_variable(&steps, path, "POLICYBOOK_REPO");

    let ext = job(jobs, "external-links", path);
    assert!(
        names(&ext["if"], &["schedule"]),
        "{path}: external links nightly"
    );
    let steps = texts(&ext["steps"]);
    assert!(
        runs(&steps, &["check", "--external"]),
        "{path}: check --external"
    );

    let publish = job(jobs, "publish", path);
    assert!(
        names(&publish["if"], &["schedule", "push"]),
        "{path}: publish on merge and nightly"
    );
    let steps = texts(&publish["steps"]);
    assert!(runs(&steps, &["build"]), "{path}: the nightly rebuild");
    assert!(steps.contains("actions/deploy-pages"), "{path}: publishes");
}

#[test]
fn azure_pipelines_template() {
    let path = "docs/ci/azure-pipelines.yml";
    let p = load(path);
    assert!(
        texts(&p["trigger"]).contains("main"),
        "{path}: merges to main"
    );
    assert!(p.get("pr").is_some(), "{path}: pull requests");
    let schedule = &p["schedules"][0];
    assert_eq!(
        schedule["cron"]
            .as_str()
            .map(|c| c.split_whitespace().count()),
        Some(5),
        "{path}: a nightly cron"
    );
    assert_eq!(
        schedule["always"],
        Value::Bool(true),
        "{path}: the nightly run happens when nothing changed too"
    );
    let stages = p["stages"].as_array().expect("stages");
    let stage = |name: &str| {
        stages
            .iter()
            .find(|s| s["stage"] == name)
            .unwrap_or_else(|| panic!("{path}: no stage {name}"))
    };

    let check = stage("Check");
    assert!(
        names(&check["condition"], &["ne(", "Schedule"]),
        "{path}: the check runs on merges and pull requests"
    );
    let steps = texts(&check["jobs"]);
    assert!(runs(&steps, &["build"]), "{path}: check builds");
    assert!(
        runs(&steps, &["check", "--offline"]),
        "{path}: check --offline"
    );
    installs_from_a_variable(&steps, path, "POLICYBOOK_GIT");

    let nightly = stage("Nightly");
    assert!(names(&nightly["condition"], &["eq(", "Schedule"]));
    let steps = texts(&nightly["jobs"]);
    assert!(
        runs(&steps, &["check", "--external"]),
        "{path}: check --external"
    );
    assert!(
        steps.contains("--features external"),
        "{path}: installs policybook with external link checking"
    );

    let publish = stage("Publish");
    assert!(
        names(&publish["condition"], &["Schedule", "refs/heads/main"]),
        "{path}: publish nightly and on merge"
    );
    let steps = texts(&publish["jobs"]);
    assert!(
        runs(&steps, &["build", "--keep-other-files"]),
        "{path}: the nightly rebuild, into the web server's folder"
    );
}

#[test]
fn gitlab_ci_template() {
    let path = "docs/ci/gitlab-ci.yml";
    let g = load(path);
    let script = |job: &Value| texts(&job["script"]) + &texts(&job["before_script"]);
    let install = &g[".install-policybook"];
    installs_from_a_variable(&script(install), path, "POLICYBOOK_GIT");
    assert!(script(install).contains("--features external"));

    let check = &g["check"];
    assert_eq!(check["extends"], ".install-policybook");
    assert!(names(
        &check["rules"],
        &["merge_request_event", "CI_DEFAULT_BRANCH"]
    ));
    assert!(!names(&check["rules"], &["schedule"]));
    assert!(runs(&script(check), &["build"]), "{path}: check builds");
    assert!(
        runs(&script(check), &["check", "--offline"]),
        "{path}: check --offline"
    );

    let ext = &g["external-links"];
    assert!(
        names(&ext["rules"], &["schedule"]),
        "{path}: external links nightly"
    );
    assert!(runs(&script(ext), &["check", "--external"]));

    let pages = &g["pages"];
    assert!(names(&pages["rules"], &["schedule", "CI_DEFAULT_BRANCH"]));
    assert!(
        runs(&script(pages), &["build"]),
        "{path}: the nightly rebuild"
    );
    assert!(
        texts(&pages["artifacts"]).contains("public"),
        "{path}: publishes"
    );
    let stages = texts(&g["stages"]);
    for job in [check, ext, pages] {
        let stage = job["stage"].as_str().unwrap_or_default();
        assert!(stages.contains(stage), "{path}: stage {stage} is listed");
    }
}

#[test]
fn release_workflow() {
    let path = ".github/workflows/release.yml";
    let r = load(path);
    assert!(
        texts(&r["on"]["push"]["tags"]).contains("v*"),
        "{path}: on a tag v*"
    );
    let build = &r["jobs"]["build"];
    let targets = texts(&build["strategy"]["matrix"]["include"]);
    for t in [
        "x86_64-unknown-linux-musl",
        "aarch64-unknown-linux-gnu",
        "x86_64-pc-windows-msvc",
        "aarch64-apple-darwin",
        "x86_64-apple-darwin",
    ] {
        assert!(targets.contains(t), "{path}: builds {t}");
    }
    let steps = texts(&build["steps"]);
    assert!(
        steps.contains("cargo build --locked --release --features external"),
        "{path}: release binaries check external links"
    );
    // The CI templates download this archive name.
    assert!(steps.contains("policybook-${GITHUB_REF_NAME}-${{ matrix.target }}"));
    let github = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ci/github-actions.yml"),
    )
    .unwrap();
    assert!(github.contains("policybook-$POLICYBOOK_VERSION-x86_64-unknown-linux-musl.tar.gz"));
    let release = texts(&r["jobs"]["release"]["steps"]);
    assert!(
        release.contains("gh release upload"),
        "{path}: uploads to the release"
    );
    assert_eq!(r["jobs"]["release"]["permissions"]["contents"], "write");
}

#[test]
fn dockerfile() {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Dockerfile")).unwrap();
    let froms = text.lines().filter(|l| l.starts_with("FROM ")).count();
    assert_eq!(froms, 2, "a build stage and a runtime stage");
    for needed in [
        "--features external",
        "ca-certificates",
        "WORKDIR /site",
        "ENTRYPOINT [\"policybook\"]",
    ] {
        assert!(text.contains(needed), "Dockerfile: {needed}");
    }
    let ignore =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(".dockerignore"))
            .unwrap();
    assert!(
        ignore.lines().any(|l| l == "target/"),
        "the build output stays out of the image's context"
    );
}

/// Runs the `policybook` command lines of `script` (output redirections dropped; lines that
/// need a variable of the pipeline, such as the web server's folder, left out) in `site`.
fn run_commands(script: &str, site: &Path, path: &str) -> usize {
    let mut ran = 0;
    for line in script.lines().map(str::trim) {
        let Some(rest) = line.strip_prefix("policybook ") else {
            continue;
        };
        if rest.contains('$') || rest.contains("--external") {
            continue; // a pipeline variable, or the network
        }
        let args: Vec<&str> = rest
            .split_whitespace()
            .take_while(|w| !w.starts_with('>'))
            .collect();
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_policybook"))
            .args(&args)
            .current_dir(site)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{path}: `policybook {rest}` failed on a new site: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        ran += 1;
    }
    ran
}

/// A part of a template: a job, or a stage.
type Part = fn(&Value) -> &Value;

/// Setting up CI from a template: the commands of each template's merge check and of its
/// publishing job work, as written, on the site `policybook new` makes.
#[test]
fn the_templates_commands_work_on_a_new_site() {
    let jobs: [(&str, Vec<Part>); 3] = [
        (
            "docs/ci/github-actions.yml",
            vec![|v| &v["jobs"]["check"], |v| &v["jobs"]["publish"]],
        ),
        (
            "docs/ci/azure-pipelines.yml",
            vec![|v| &v["stages"][0], |v| &v["stages"][2]],
        ),
        (
            "docs/ci/gitlab-ci.yml",
            vec![|v| &v["check"], |v| &v["pages"]],
        ),
    ];
    for (path, parts) in jobs {
        let template = load(path);
        for part in parts {
            let tmp = tempfile::tempdir().unwrap();
            let o = std::process::Command::new(env!("CARGO_BIN_EXE_policybook"))
                .args(["new", "site"])
                .current_dir(tmp.path())
                .output()
                .unwrap();
            assert!(o.status.success());
            let ran = run_commands(&texts(part(&template)), &tmp.path().join("site"), path);
            assert!(ran >= 1, "{path}: no policybook command to run");
        }
    }
}
