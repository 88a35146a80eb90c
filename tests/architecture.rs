//! The shape of the source tree, checked: no two modules import each other, backends see only
//! the document model (never each other, the readers, the images stage or the pipeline), and
//! the document model imports nothing of the crate.
//!
//! Imports are read from the text of `src/`: every `crate::`, `super::` and `self::` path, in
//! `use` trees and in code, resolved to the deepest module it names. Test modules
//! (`#[cfg(test)] mod tests { … }` at the end of a file) and comments are left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path below the crate root, such as `["backend", "pdf", "fonts"]`.
type Module = Vec<String>;

/// Every module of `src/` and the modules it imports.
fn import_graph() -> BTreeMap<Module, BTreeSet<Module>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = rust_files(&root);
    let modules: BTreeMap<Module, PathBuf> = files
        .iter()
        .map(|file| (module_of(&root, file), file.clone()))
        .collect();
    let mut graph = BTreeMap::new();
    for (module, file) in &modules {
        let text = std::fs::read_to_string(file).unwrap();
        let imports = import_paths(&code_of(&text))
            .into_iter()
            .filter_map(|path| resolve(module, &path, &modules))
            .filter(|target| target != module)
            .collect();
        graph.insert(module.clone(), imports);
    }
    graph
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    files
}

/// `src/backend/pdf/mod.rs` is `backend::pdf`; `src/lib.rs` and `src/main.rs` are the root.
fn module_of(root: &Path, file: &Path) -> Module {
    let relative = file.strip_prefix(root).unwrap().with_extension("");
    let mut parts: Module = relative
        .components()
        .map(|part| part.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The text of a file without its comments and its trailing test module.
fn code_of(text: &str) -> String {
    let end = text.find("#[cfg(test)]\nmod tests {").unwrap_or(text.len());
    text[..end]
        .lines()
        .map(|line| match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path starting with `crate`, `super` or `self`, as segments; `use` trees are expanded.
fn import_paths(code: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    let mut offset = 0;
    for line in code.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let visibility = ["pub(crate) ", "pub(super) ", "pub "]
            .iter()
            .find_map(|prefix| trimmed.strip_prefix(prefix))
            .unwrap_or(trimmed);
        if let Some(tree) = visibility.strip_prefix("use ") {
            let start = offset + (line.len() - tree.len());
            let end = code[start..]
                .find(';')
                .map_or(code.len(), |end| start + end);
            expand_use_tree(&code[start..end], &[], &mut paths);
        }
        offset += line.len();
    }
    for start in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(found) = code[from..].find(start) {
            let at = from + found;
            from = at + start.len();
            if at > 0 && is_ident(code.as_bytes()[at - 1] as char) {
                continue;
            }
            let path: String = code[at..]
                .chars()
                .take_while(|&c| is_ident(c) || c == ':')
                .collect();
            paths.push(segments(&path));
        }
    }
    paths
        .into_iter()
        .filter(|path| {
            matches!(
                path.first().map(String::as_str),
                Some("crate" | "super" | "self")
            )
        })
        .collect()
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn segments(path: &str) -> Vec<String> {
    path.split("::")
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(str::to_string)
        .collect()
}

/// Expands `a::{b, c::{d, e}}` under `prefix` into whole paths.
fn expand_use_tree(tree: &str, prefix: &[String], out: &mut Vec<Vec<String>>) {
    let tree = tree.trim();
    match tree.find('{') {
        None => {
            let name = tree.split(" as ").next().unwrap_or(tree);
            let mut path = prefix.to_vec();
            path.extend(segments(name));
            out.push(path);
        }
        Some(open) => {
            let mut path = prefix.to_vec();
            path.extend(segments(&tree[..open]));
            let close = tree
                .rfind('}')
                .filter(|&close| close > open)
                .unwrap_or(tree.len());
            let inner = &tree[open + 1..close];
            let mut depth = 0;
            let mut start = 0;
            for (index, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        expand_use_tree(&inner[start..index], &path, out);
                        start = index + 1;
                    }
                    _ => {}
                }
            }
            if !inner[start..].trim().is_empty() {
                expand_use_tree(&inner[start..], &path, out);
            }
        }
    }
}

/// The deepest module `path`, written in `module`, names.
fn resolve(
    module: &Module,
    path: &[String],
    modules: &BTreeMap<Module, PathBuf>,
) -> Option<Module> {
    let mut base = module.clone();
    let mut rest = path;
    match rest.first().map(String::as_str) {
        Some("crate") => {
            base.clear();
            rest = &rest[1..];
        }
        _ => {
            while let Some(first) = rest.first() {
                match first.as_str() {
                    "super" => {
                        base.pop();
                    }
                    "self" => {}
                    _ => break,
                }
                rest = &rest[1..];
            }
        }
    }
    let mut full = base;
    full.extend(rest.iter().cloned());
    (0..=full.len())
        .rev()
        .map(|length| full[..length].to_vec())
        .find(|candidate| modules.contains_key(candidate))
}

fn name(module: &Module) -> String {
    if module.is_empty() {
        "crate".to_string()
    } else {
        module.join("::")
    }
}

#[test]
fn no_two_modules_import_each_other() {
    let graph = import_graph();
    let mut cycles = Vec::new();
    for (module, imports) in &graph {
        for target in imports {
            if module < target && graph.get(target).is_some_and(|back| back.contains(module)) {
                cycles.push(format!("{} <-> {}", name(module), name(target)));
            }
        }
    }
    assert!(
        cycles.is_empty(),
        "modules importing each other: {cycles:#?}"
    );
}

#[test]
fn backends_see_only_the_document_model() {
    let graph = import_graph();
    let backends = ["epub", "json", "pdf", "text"];
    let mut wrong = Vec::new();
    for (module, imports) in &graph {
        let Some(own) = module
            .get(1)
            .filter(|_| module[0] == "backend")
            .filter(|backend| backends.contains(&backend.as_str()))
        else {
            continue;
        };
        for target in imports {
            let allowed = match target.first().map(String::as_str) {
                Some("backend") => match target.get(1) {
                    None => true,
                    Some(other) => other == own || other == "plain",
                },
                Some("calendar" | "document" | "fonts" | "limits") => true,
                _ => false,
            };
            if !allowed {
                wrong.push(format!("{} imports {}", name(module), name(target)));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "backends reaching past the model: {wrong:#?}"
    );
}

#[test]
fn the_document_model_imports_nothing_of_the_crate() {
    let graph = import_graph();
    let imports = &graph[&vec!["document".to_string()]];
    assert!(imports.is_empty(), "document imports {imports:?}");
}

#[test]
fn the_import_reader_sees_use_trees_and_paths_in_code() {
    let code = "use super::{fonts::Font, knuth_plass::{Word, LineWidths}};\n\
                pub use crate::document::Block as B;\nlet x = crate::images::downscale(a);";
    let paths: Vec<String> = import_paths(code).iter().map(|p| p.join("::")).collect();
    for expected in [
        "super::fonts::Font",
        "super::knuth_plass::Word",
        "super::knuth_plass::LineWidths",
        "crate::document::Block",
        "crate::images::downscale",
    ] {
        assert!(
            paths.iter().any(|p| p == expected),
            "{expected} in {paths:?}"
        );
    }
}
