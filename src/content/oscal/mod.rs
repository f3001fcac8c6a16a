//! OSCAL catalog JSON (NIST's Open Security Controls Assessment Language) as a catalogue
//! edition: `edition.yaml` names the file with `oscal:`. Groups become areas (a nested group
//! that holds controls is an area of its own), controls and their enhancements become
//! standards: the `statement` part (its prose and its nested items, as a Markdown list, with
//! parameters written the way NIST prints them, "[Assignment: organization-defined
//! frequency]") is the headline, the `guidance` part the rationale, `reference` links to
//! the back matter the links, and a control with the `status` `withdrawn` a withdrawn
//! standard, with its `incorporated-into` and `moved-to` links as its successors.
//!
//! Ids are the publisher's: the `label` prop ("AC-2(1)") when every control of the file has
//! one, as NIST's catalogues do, else the OSCAL id (ASD's `ism-0027`).

use std::collections::HashMap;
use std::path::Path;

use serde_saphyr::{Location, Spanned};

mod json;

use json::*;

use super::Withdrawal;
use super::model::{Area, Criteria, Link, Standard};
use super::source::read_source;
use crate::diagnostic::{Diagnostic, Source};
use crate::markdown::slug;

/// Where `#fragment` links of the file lead: a control's standard id, or a back-matter
/// resource (its citation and address).
struct Targets<'a> {
    ids: HashMap<&'a str, String>,
    resources: HashMap<&'a str, &'a Resource>,
}

/// Reads the controls of `path` as standards; each group holding controls becomes an area,
/// matched to one `areas` lists by id (ignoring case, so `edition.yaml` may name NIST's `ac`
/// as `AC`), else added in order of first appearance.
pub fn load(root: &Path, path: &Path, areas: &mut Vec<Area>) -> Result<Vec<Standard>, Diagnostic> {
    let source = read_source(root, path)?;
    let file: File = serde_json::from_str(&source.text).map_err(|e| json_error(&source, &e))?;
    let cat = file.catalog;
    let back = cat.back_matter.unwrap_or_default();
    let mut all: Vec<&Control> = Vec::new();
    fn collect<'a>(c: &'a Control, out: &mut Vec<&'a Control>) {
        out.push(c);
        for s in &c.controls {
            collect(s, out);
        }
    }
    fn collect_groups<'a>(g: &'a Group, out: &mut Vec<&'a Control>) {
        g.controls.iter().for_each(|c| collect(c, out));
        g.groups.iter().for_each(|s| collect_groups(s, out));
    }
    cat.controls.iter().for_each(|c| collect(c, &mut all));
    cat.groups.iter().for_each(|g| collect_groups(g, &mut all));
    let by_label = !all.is_empty() && all.iter().all(|c| label(c).is_some());
    let targets = Targets {
        ids: all
            .iter()
            .map(|c| {
                let id = if by_label { label(c) } else { None };
                (c.id.as_str(), id.unwrap_or(&c.id).to_string())
            })
            .collect(),
        resources: back
            .resources
            .iter()
            .map(|r| (r.uuid.as_str(), r))
            .collect(),
    };
    let mut out = Vec::with_capacity(all.len());
    let mut cx = Cx {
        source: &source,
        targets: &targets,
        areas,
        out: &mut out,
    };
    if !cat.controls.is_empty() {
        let area = cx.area(None, "Controls", &[], &[])?;
        for c in &cat.controls {
            cx.control(c, &area)?;
        }
    }
    for g in &cat.groups {
        cx.group(g, &[])?;
    }
    Ok(out)
}

struct Cx<'a> {
    source: &'a Source,
    targets: &'a Targets<'a>,
    areas: &'a mut Vec<Area>,
    out: &'a mut Vec<Standard>,
}

fn spanned(v: String) -> Spanned<String> {
    Spanned::new(v, Location::UNKNOWN, Location::UNKNOWN)
}

/// The `label` prop a publisher prints ("AC-2(1)"); NIST's rev5 adds a zero-padded one
/// (`class: zero-padded`), which is not the printed form.
fn label(c: &Control) -> Option<&str> {
    let labels = || c.props.iter().filter(|p| p.name == "label");
    labels()
        .find(|p| p.class.is_none())
        .or_else(|| labels().next())
        .map(|p| p.value.as_str())
}

impl Cx<'_> {
    fn group(&mut self, g: &Group, parents: &[&str]) -> Result<(), Diagnostic> {
        if !g.controls.is_empty() {
            let area = self.area(g.id.as_deref(), &g.title, &g.parts, parents)?;
            for c in &g.controls {
                self.control(c, &area)?;
            }
        }
        let mut path = parents.to_vec();
        path.push(&g.title);
        for s in &g.groups {
            self.group(s, &path)?;
        }
        Ok(())
    }

    /// The id of the area for a group: one listed in `edition.yaml` with the group's id (any
    /// case), else a new one (the group's id, or a slug of its title when it has none, as
    /// ASD's groups do), described by the group's own text and the groups it sits in.
    fn area(
        &mut self,
        id: Option<&str>,
        title: &str,
        parts: &[Part],
        parents: &[&str],
    ) -> Result<String, Diagnostic> {
        let wanted = id.map_or_else(|| slug(title), str::to_string);
        if let Some(a) = self
            .areas
            .iter()
            .find(|a| a.id.value.eq_ignore_ascii_case(&wanted))
            && id.is_some()
        {
            return Ok(a.id.value.clone());
        }
        let mut unique = wanted.clone();
        let mut n = 1;
        while self.areas.iter().any(|a| a.id.value == unique) {
            n += 1;
            unique = format!("{wanted}-{n}");
        }
        let mut text = Vec::new();
        if !parents.is_empty() {
            text.push(format!("*{}*", escape(&parents.join(" › "))));
        }
        for p in parts {
            text.push(self.part_text(p)?);
        }
        self.areas.push(Area {
            id: spanned(unique.clone()),
            title: title.to_string(),
            description: (!text.is_empty()).then(|| text.join("\n\n")),
        });
        Ok(unique)
    }

    fn control(&mut self, c: &Control, area: &str) -> Result<(), Diagnostic> {
        let id = self.targets.ids[c.id.as_str()].clone();
        let withdrawn = c
            .props
            .iter()
            .any(|p| p.name == "status" && p.value.eq_ignore_ascii_case("withdrawn"));
        let params: HashMap<&str, &Param> = c.params.iter().map(|p| (p.id.as_str(), p)).collect();
        let mut headline = String::new();
        let mut rationale = Vec::new();
        for p in &c.parts {
            match p.name.as_str() {
                "statement" => headline = self.statement(p, &params)?,
                "guidance" => rationale.push(self.part_text(p)?),
                // Assessment objectives and methods (SP 800-53A's, in NIST's catalogues) say
                // how to assess a control, not what it requires.
                _ => {}
            }
        }
        if headline.trim().is_empty() && !withdrawn {
            return Err(self
                .at(&c.id, format!("control \"{}\" has no statement", c.id))
                .note("a control in force needs a `statement` part; a withdrawn one has the prop `status: withdrawn`"));
        }
        let mut links = Vec::new();
        let mut into = Vec::new();
        let mut verbs: Vec<(&str, Vec<String>)> = Vec::new();
        for l in &c.links {
            let rel = l.rel.as_deref().unwrap_or_default();
            match rel {
                "incorporated-into" | "moved-to" => {
                    let verb = if rel == "moved-to" {
                        "Moved to"
                    } else {
                        "Incorporated into"
                    };
                    // A control of the catalog is a successor; another document (NIST's
                    // PL-5 went into the publication's Appendix J) is named in the note.
                    let to = if l.href.starts_with('#') {
                        let id = self.control_target(&c.id, &l.href)?;
                        into.push(id.clone());
                        id
                    } else {
                        let words = l.text.as_deref().unwrap_or(&l.href);
                        format!("[{}](<{}>)", escape(words), l.href)
                    };
                    match verbs.iter_mut().find(|(v, _)| *v == verb) {
                        Some((_, ids)) => ids.push(to),
                        None => verbs.push((verb, vec![to])),
                    }
                }
                _ => links.push(self.link(&c.id, l)?),
            }
        }
        let note = (!verbs.is_empty()).then(|| {
            verbs
                .iter()
                .map(|(v, ids)| format!("{v} {}.", and_list(ids)))
                .collect::<Vec<_>>()
                .join(" ")
        });
        let title = Some(c.title.trim())
            .filter(|t| !t.is_empty())
            .filter(|t| !t.eq_ignore_ascii_case(&c.id) && *t != format!("Control: {}", c.id))
            .map(str::to_string);
        self.out.push(Standard {
            id: spanned(id),
            area: spanned(area.to_string()),
            title,
            headline,
            criteria: Criteria::default(),
            rationale: (!rationale.is_empty()).then(|| rationale.join("\n\n")),
            guidance: Vec::new(),
            links,
            previous: Vec::new(),
            fields: Vec::new(),
            withdrawn: (withdrawn || !into.is_empty()).then_some(Withdrawal { into, note }),
            source: self.source.clone(),
        });
        for s in &c.controls {
            self.control(s, area)?;
        }
        Ok(())
    }

    /// The statement: its prose, then its items as a Markdown list (nested as they are), each
    /// with its label ("a.", "1.", "(a)").
    fn statement(&self, p: &Part, params: &HashMap<&str, &Param>) -> Result<String, Diagnostic> {
        let mut out = String::new();
        if let Some(prose) = &p.prose {
            out.push_str(&self.prose(prose, params, 0)?);
        }
        self.items(&p.parts, params, 0, &mut out)?;
        Ok(out.trim().to_string())
    }

    fn items(
        &self,
        parts: &[Part],
        params: &HashMap<&str, &Param>,
        depth: usize,
        out: &mut String,
    ) -> Result<(), Diagnostic> {
        let indent = "  ".repeat(depth);
        let items: Vec<&Part> = parts.iter().filter(|p| p.name == "item").collect();
        if !items.is_empty() && depth == 0 && !out.is_empty() {
            out.push_str("\n\n");
        }
        for item in items {
            let label = item
                .props
                .iter()
                .find(|p| p.name == "label")
                .map(|p| format!("{} ", escape_label(&p.value)))
                .unwrap_or_default();
            let prose = match &item.prose {
                Some(t) => self.prose(t, params, 0)?,
                None => String::new(),
            };
            // Continuation lines of the item's text stay inside the item.
            let body = prose.replace('\n', &format!("\n{indent}  "));
            out.push_str(&format!("{indent}- {label}{body}\n"));
            self.items(&item.parts, params, depth + 1, out)?;
        }
        Ok(())
    }

    /// A part's text with its nested parts (guidance, a group's overview), as Markdown.
    fn part_text(&self, p: &Part) -> Result<String, Diagnostic> {
        let mut text = Vec::new();
        if let Some(t) = &p.title {
            text.push(format!("**{}**", escape(t)));
        }
        if let Some(prose) = &p.prose {
            text.push(self.prose(prose, &HashMap::new(), 0)?);
        }
        for s in &p.parts {
            text.push(self.part_text(s)?);
        }
        Ok(text.join("\n\n"))
    }

    /// OSCAL prose (Markdown) with its parameter insertions written out and its `#` links
    /// made to lead somewhere: to a standard, or to a back-matter resource's address (the
    /// link's words alone when the resource has none).
    fn prose(
        &self,
        text: &str,
        params: &HashMap<&str, &Param>,
        depth: usize,
    ) -> Result<String, Diagnostic> {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(at) = rest.find("{{") {
            out.push_str(&rest[..at]);
            let Some(end) = rest[at..].find("}}") else {
                break;
            };
            let inner = rest[at + 2..at + end].trim();
            rest = &rest[at + end + 2..];
            let mut words = inner.split(',').map(str::trim);
            match (words.next(), words.next()) {
                (Some("insert: param"), Some(id)) => out.push_str(&self.param(id, params, depth)?),
                _ => out.push_str(&escape(inner)),
            }
        }
        out.push_str(rest);
        Ok(self.local_links(&out))
    }

    /// "[Assignment: organization-defined frequency]", "[Selection (one or more): a; b]".
    fn param(
        &self,
        id: &str,
        params: &HashMap<&str, &Param>,
        depth: usize,
    ) -> Result<String, Diagnostic> {
        let Some(p) = params.get(id) else {
            return Err(self
                .at(
                    id,
                    format!("parameter \"{id}\" is not defined by its control"),
                )
                .note(
                    "each `{{ insert: param, ID }}` names a `params` entry of the same control",
                ));
        };
        if depth > 8 {
            return Ok(format!("\\[{}\\]", escape(id)));
        }
        if !p.values.is_empty() {
            return Ok(escape(&p.values.join(", ")));
        }
        if let Some(s) = &p.select {
            let choices: Vec<String> = s
                .choice
                .iter()
                .map(|c| self.prose(c.trim(), params, depth + 1))
                .collect::<Result<_, _>>()?;
            let how = match s.how_many.as_deref() {
                Some("one-or-more") => "Selection (one or more)",
                _ => "Selection",
            };
            return Ok(format!("\\[{how}: {}\\]", choices.join("; ")));
        }
        let label = p.label.as_deref().unwrap_or(id);
        Ok(format!("\\[Assignment: {}\\]", escape(label)))
    }

    /// `](#uuid)` and `](#control-id)` in Markdown prose, made to lead somewhere.
    fn local_links(&self, text: &str) -> String {
        if !text.contains("](#") {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(at) = rest.find("](#") {
            let close = rest[at..].find(')').map(|i| at + i);
            let Some(close) = close else { break };
            let frag = &rest[at + 3..close];
            out.push_str(&rest[..at]);
            if let Some(id) = self.targets.ids.get(frag) {
                out.push_str(&format!("](<std:{id}>)"));
            } else if let Some(url) = self
                .targets
                .resources
                .get(frag)
                .and_then(|r| r.rlinks.first())
            {
                out.push_str(&format!("](<{}>)", url.href));
            } else {
                // Nothing to lead to: the words stay, without the link. The opening bracket
                // is taken out below.
                if let Some(open) = out.rfind('[') {
                    out.remove(open);
                }
                rest = &rest[close + 1..];
                continue;
            }
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        out
    }

    /// A `#ac-2` link of a withdrawn control, as the standard id it leads to.
    fn control_target(&self, control: &str, href: &str) -> Result<String, Diagnostic> {
        let frag = href.strip_prefix('#').unwrap_or(href);
        self.targets.ids.get(frag).cloned().ok_or_else(|| {
            self.at(
                href,
                format!("control \"{control}\" links to \"{href}\", which is no control of this catalog"),
            )
                .note("`incorporated-into` and `moved-to` links name a control of the same catalog, as `#id`")
        })
    }

    fn link(&self, control: &str, l: &OscalLink) -> Result<Link, Diagnostic> {
        if let Some(frag) = l.href.strip_prefix('#') {
            if let Some(id) = self.targets.ids.get(frag) {
                let words = l.text.clone().unwrap_or_else(|| id.clone());
                return Ok(Link {
                    title: format!("[{}](<std:{id}>)", escape(&words)),
                    url: None,
                });
            }
            if let Some(r) = self.targets.resources.get(frag) {
                return Ok(Link {
                    title: escape(l.text.as_deref().or(r.text()).unwrap_or(frag)),
                    url: r.rlinks.first().map(|u| u.href.clone()),
                });
            }
            return Err(self
                .at(
                    &l.href,
                    format!(
                        "control \"{control}\" links to \"{}\", which is neither a control nor a resource of this catalog",
                        l.href
                    ),
                )
                .note("a `#` link names a control's id or a back-matter resource's uuid"));
        }
        Ok(Link {
            title: escape(l.text.as_deref().unwrap_or(&l.href)),
            url: Some(l.href.clone()),
        })
    }

    /// An error at the first place `needle` occurs in the file (as a JSON string, else as text).
    fn at(&self, needle: &str, message: String) -> Diagnostic {
        let text = &self.source.text;
        let at = text
            .find(&format!("\"{needle}\""))
            .map(|i| i + 1)
            .or_else(|| text.find(needle))
            .unwrap_or(0);
        Diagnostic::error(message).at(self.source, at..at + needle.len())
    }
}

/// A JSON syntax or structure error at its line and column.
fn json_error(source: &Source, e: &serde_json::Error) -> Diagnostic {
    let at = source.offset_of(e.line(), e.column());
    // serde_json says "... at line 3 column 5"; the snippet shows where.
    let msg = e.to_string();
    let msg = msg
        .rsplit_once(" at line ")
        .map_or(msg.as_str(), |(m, _)| m)
        .to_string();
    let what = if e.is_syntax() || e.is_eof() {
        "this is not valid JSON"
    } else {
        "this is not an OSCAL catalog as policybook reads it"
    };
    Diagnostic::error(format!("{what}: {msg}"))
        .at(source, at..at)
        .note("an OSCAL catalog file is JSON: `{ \"catalog\": { \"groups\": [...], \"controls\": [...] } }`")
}

/// Text made literal in Markdown.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '[' | ']' | '*' | '_' | '`' | '<' | '>') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// An item label at the start of a list item: "1." would start an ordered list.
fn escape_label(label: &str) -> String {
    match label.strip_suffix('.') {
        Some(n) if n.chars().all(|c| c.is_ascii_digit()) => format!("{n}\\."),
        _ => escape(label),
    }
}

/// "AC-2", "AC-2 and AU-6", "AC-2, AC-3 and AU-6".
fn and_list(ids: &[String]) -> String {
    match ids {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
