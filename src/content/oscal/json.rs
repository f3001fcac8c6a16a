//! The JSON shapes of an OSCAL catalog, as much of them as policybook reads.

use serde::Deserialize;

#[derive(Deserialize)]
pub(super) struct File {
    pub(super) catalog: Catalog,
}

#[derive(Deserialize)]
pub(super) struct Catalog {
    #[serde(default)]
    pub(super) groups: Vec<Group>,
    #[serde(default)]
    pub(super) controls: Vec<Control>,
    #[serde(default, rename = "back-matter")]
    pub(super) back_matter: Option<BackMatter>,
}

#[derive(Deserialize)]
pub(super) struct Group {
    #[serde(default)]
    pub(super) id: Option<String>,
    pub(super) title: String,
    #[serde(default)]
    pub(super) parts: Vec<Part>,
    #[serde(default)]
    pub(super) groups: Vec<Group>,
    #[serde(default)]
    pub(super) controls: Vec<Control>,
}

#[derive(Deserialize)]
pub(super) struct Control {
    pub(super) id: String,
    pub(super) title: String,
    #[serde(default)]
    pub(super) params: Vec<Param>,
    #[serde(default)]
    pub(super) props: Vec<Prop>,
    #[serde(default)]
    pub(super) links: Vec<OscalLink>,
    #[serde(default)]
    pub(super) parts: Vec<Part>,
    #[serde(default)]
    pub(super) controls: Vec<Control>,
}

#[derive(Deserialize)]
pub(super) struct Param {
    pub(super) id: String,
    #[serde(default)]
    pub(super) label: Option<String>,
    #[serde(default)]
    pub(super) select: Option<Select>,
    #[serde(default)]
    pub(super) values: Vec<String>,
}

#[derive(Deserialize)]
pub(super) struct Select {
    #[serde(default, rename = "how-many")]
    pub(super) how_many: Option<String>,
    #[serde(default)]
    pub(super) choice: Vec<String>,
}

#[derive(Deserialize)]
pub(super) struct Prop {
    pub(super) name: String,
    pub(super) value: String,
    #[serde(default)]
    pub(super) class: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct OscalLink {
    pub(super) href: String,
    #[serde(default)]
    pub(super) rel: Option<String>,
    #[serde(default)]
    pub(super) text: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct Part {
    pub(super) name: String,
    #[serde(default)]
    pub(super) props: Vec<Prop>,
    #[serde(default)]
    pub(super) title: Option<String>,
    #[serde(default)]
    pub(super) prose: Option<String>,
    #[serde(default)]
    pub(super) parts: Vec<Part>,
}

#[derive(Deserialize, Default)]
pub(super) struct BackMatter {
    #[serde(default)]
    pub(super) resources: Vec<Resource>,
}

#[derive(Deserialize)]
pub(super) struct Resource {
    pub(super) uuid: String,
    #[serde(default)]
    pub(super) title: Option<String>,
    #[serde(default)]
    pub(super) citation: Option<Citation>,
    #[serde(default)]
    pub(super) rlinks: Vec<Rlink>,
}

#[derive(Deserialize)]
pub(super) struct Citation {
    pub(super) text: String,
}

#[derive(Deserialize)]
pub(super) struct Rlink {
    pub(super) href: String,
}

impl Resource {
    pub(super) fn text(&self) -> Option<&str> {
        self.citation
            .as_ref()
            .map(|c| c.text.as_str())
            .or(self.title.as_deref())
    }
}
