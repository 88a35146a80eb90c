//! Where the books of a run go: a file, a folder of one file per article, standard output, and
//! a copy on a mounted e-reader. Files are written atomically and never replace an existing
//! one unless asked ([`crate::output::write_file`]).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::existing::is_same_book;
use super::made::{Made, Written};
use super::name::NameTemplate;
use crate::deliver::device;
use crate::error::Error;
use crate::output::{slug, write_file, OutputError};

/// Where the books of a run are written.
#[derive(Debug, Clone, Default)]
pub struct Destination {
    /// The output file (one book), the folder (with [`Destination::split`]), or `-` for
    /// standard output. `None`: the book is named after its title, in the current folder
    /// (on the e-reader only, when [`Destination::device`] is given).
    pub output: Option<PathBuf>,
    /// One file per article, in the folder `output` names.
    pub split: bool,
    /// The mount point of an e-reader that gets a copy of each book.
    pub device: Option<PathBuf>,
    /// Replace files that exist.
    pub force: bool,
    /// Replace an existing EPUB when it is the same book (the same identifier: made again from
    /// the same articles), as `send` does so that a run whose e-mail failed can be repeated.
    pub replace_same_book: bool,
    /// How books not named with `-o` are named (`--name`); after their titles when `None`.
    pub name: Option<NameTemplate>,
    /// With [`Destination::split`]: keep the books that exist (reporting them) instead of
    /// stopping at the first, so that a re-run adds the new articles only.
    pub skip_existing: bool,
}

/// What became of a book handed to [`Destination::write_split`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placed {
    /// Written; the notes the e-reader calls for.
    Written(Vec<String>),
    /// A book of that name was there already and was kept ([`Destination::skip_existing`]).
    Kept(PathBuf),
}

impl Destination {
    /// Whether the book goes to standard output (`-o -`), which the caller writes.
    pub fn is_stdout(&self) -> bool {
        self.output.as_deref().is_some_and(is_stdout)
    }

    /// Checks, before anything is read, that the books can go where asked: a device is
    /// mounted, a single output does not exist (unless forced) and its folder does (unless
    /// `-o` names a folder: `newdir/` is created), a split output is a folder.
    pub fn check(&self) -> Result<(), Error> {
        if self.skip_existing && !self.split {
            return Err(Error::Usage(
                "--skip-existing keeps the books of a --split run that are there already; \
                 for one book, an existing file is never replaced without --force"
                    .into(),
            ));
        }
        if self.is_stdout() && self.device.is_some() {
            return Err(Error::Usage(
                "--device copies a file; give -o a file, not '-'".into(),
            ));
        }
        if let Some(device) = &self.device {
            device::detect(device)?;
        }
        let names_its_file = |path: &Path| !is_stdout(path) && !names_a_folder(path);
        if self.name.is_some() && !self.split && self.output.as_deref().is_some_and(names_its_file)
        {
            return Err(Error::Usage(
                "--name names the books written under their own names; -o already names the file"
                    .into(),
            ));
        }
        if self.split {
            if self.is_stdout() {
                return Err(Error::Usage(
                    "--split writes one file per article; give -o a folder, not '-'".into(),
                ));
            }
            if let Some(folder) = self.output.as_ref().filter(|folder| folder.is_file()) {
                return Err(Error::Usage(format!(
                    "{}: is a file; with --split, -o names a folder",
                    folder.display()
                )));
            }
            return Ok(());
        }
        match &self.output {
            Some(path) if is_stdout(path) || names_a_folder(path) => Ok(()),
            Some(path) if !self.force && !self.replace_same_book && path.exists() => {
                Err(OutputError::Exists { path: path.clone() }.into())
            }
            Some(path) => match missing_folder(path) {
                Some(folder) => Err(OutputError::NoFolder {
                    folder,
                    path: path.clone(),
                }
                .into()),
                None => Ok(()),
            },
            None => Ok(()),
        }
    }

    /// Refuses an output file whose extension names another format than the one made
    /// (`epub … -o page.pdf`, `text … -o page.epub`), which would give a file that opens as
    /// neither; an extension of no known format is the user's choice.
    pub fn check_extension(&self, extension: &str) -> Result<(), Error> {
        // Files that open as a book; and text a book cannot be read as.
        const BOOK_EXTENSIONS: &[&str] = &["epub", "pdf", "mobi", "azw3"];
        const TEXT_EXTENSIONS: &[&str] = &["txt", "json", "html", "htm", "md"];
        let Some(path) = self.output.as_deref() else {
            return Ok(());
        };
        if self.split || is_stdout(path) || names_a_folder(path) {
            return Ok(());
        }
        let given = path
            .extension()
            .map(|ext| ext.to_string_lossy().to_ascii_lowercase());
        match given {
            Some(given)
                if given != extension
                    && (BOOK_EXTENSIONS.contains(&given.as_str())
                        || (BOOK_EXTENSIONS.contains(&extension)
                            && TEXT_EXTENSIONS.contains(&given.as_str()))) =>
            {
                Err(Error::Usage(format!(
                    "-o {}: this command makes a .{extension} file, not a .{given} one; \
                     name the output {}",
                    path.display(),
                    path.with_extension(extension).display()
                )))
            }
            _ => Ok(()),
        }
    }

    /// Creates the folder a split run writes in; returns whether it was created (it did not
    /// exist before).
    pub fn create_folder(&self) -> Result<bool, Error> {
        match self.split_folder() {
            Some(folder) => create_folder(&folder),
            None => Ok(false),
        }
    }

    /// Removes the folder of a split run if it is empty (after a run that wrote nothing into
    /// the folder it created).
    pub fn remove_empty_folder(&self) {
        if let Some(folder) = self.split_folder() {
            // Fails, and so keeps the folder, when anything is in it.
            let _ = std::fs::remove_dir(folder);
        }
    }

    /// Writes the one book of a run: to the output file (or a file named after the title,
    /// in the folder `-o` names when it names one) and onto the e-reader. Returns the notes
    /// the e-reader calls for.
    pub fn write_book(&self, made: &mut Made) -> Result<Vec<String>, Error> {
        let own_name = self.file_name(made, 1);
        let local = match (&self.output, &self.device) {
            (Some(folder), _) if names_a_folder(folder) => {
                create_folder(folder)?;
                Some(folder.join(&own_name))
            }
            (Some(path), _) => Some(path.clone()),
            (None, None) => Some(PathBuf::from(&own_name)),
            (None, Some(_)) => None,
        };
        let name = local
            .as_deref()
            .and_then(Path::file_name)
            .map(|file| file.to_string_lossy().into_owned())
            .unwrap_or(own_name);
        self.write(made, local, &name)
    }

    /// The name of `made`, the `number`th book of the run, when the user did not give one:
    /// from the `--name` template, else its title.
    fn file_name(&self, made: &Made, number: usize) -> String {
        match &self.name {
            Some(template) => {
                let extension = made.file_name.rsplit_once('.').map_or("", |(_, ext)| ext);
                format!("{}.{extension}", template.render(made, number))
            }
            None => made.file_name.clone(),
        }
    }

    /// Writes one book of a split run, the `number`th (from 1), into the folder, under a name
    /// no earlier book of the run took, and onto the e-reader; or keeps the book of that name
    /// that is there already ([`Destination::skip_existing`]).
    pub fn write_split(
        &self,
        made: &mut Made,
        names: &mut UsedNames,
        number: usize,
    ) -> Result<Placed, Error> {
        let extension = made.file_name.rsplit_once('.').map_or("", |(_, ext)| ext);
        let stem = match &self.name {
            Some(template) => template.render(made, number),
            None => slug(&made.title),
        };
        let name = names.unique(&stem, extension);
        let local = self.split_folder().map(|folder| folder.join(&name));
        if self.skip_existing && !self.force {
            if let Some(existing) = local.as_ref().filter(|path| path.exists()) {
                return Ok(Placed::Kept(existing.clone()));
            }
        }
        self.write(made, local, &name).map(Placed::Written)
    }

    /// The folder of a split run; `None` when the books go onto the e-reader only.
    fn split_folder(&self) -> Option<PathBuf> {
        match (&self.output, &self.device) {
            (Some(folder), _) => Some(folder.clone()),
            (None, None) => Some(PathBuf::from(".")),
            (None, Some(_)) => None,
        }
    }

    /// Writes `made` to `local` (when given) and onto the e-reader, as `name` there.
    fn write(
        &self,
        made: &mut Made,
        local: Option<PathBuf>,
        name: &str,
    ) -> Result<Vec<String>, Error> {
        let mut notes = Vec::new();
        if let Some(path) = local {
            let replace = self.force
                || (self.replace_same_book && path.is_file() && is_same_book(&path, &made.bytes));
            write_file(&path, &made.bytes, replace)?;
            made.written.push(Written { path, device: None });
        }
        if let Some(root) = &self.device {
            let copied = device::copy_to_device(root, name, &made.bytes, self.force)?;
            made.written.push(Written {
                path: copied.path,
                device: Some(copied.kind),
            });
            notes.extend(copied.note);
        }
        made.warnings.extend(notes.iter().cloned());
        Ok(notes)
    }
}

/// Creates `folder` (and its parents) unless it exists; returns whether it was created.
fn create_folder(folder: &Path) -> Result<bool, Error> {
    if folder.is_dir() {
        return Ok(false);
    }
    std::fs::create_dir_all(folder)
        .map(|()| true)
        .map_err(|source| {
            OutputError::Write {
                path: folder.to_path_buf(),
                source,
            }
            .into()
        })
}

/// Whether `-o PATH` names a folder to write the book in: one that exists, or one written with
/// a trailing `/` (created).
fn names_a_folder(path: &Path) -> bool {
    path.is_dir()
        || path
            .as_os_str()
            .to_string_lossy()
            .ends_with(std::path::is_separator)
}

/// The folder `path` would be written in, when it does not exist.
fn missing_folder(path: &Path) -> Option<PathBuf> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty())?;
    (!folder.exists()).then(|| folder.to_path_buf())
}

/// Whether a path names standard output (`-`).
pub fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The file names a split run has used, so that no two articles get the same one.
#[derive(Debug, Default)]
pub struct UsedNames {
    names: HashSet<String>,
    /// The next number to try for each stem that was taken, so that many articles with one
    /// title do not each count up from 2.
    next_number: HashMap<String, usize>,
}

impl UsedNames {
    /// `stem.ext`, or `stem-2.ext`, `stem-3.ext`… when an earlier article of this run took it.
    pub fn unique(&mut self, stem: &str, extension: &str) -> String {
        let mut name = format!("{stem}.{extension}");
        if self.names.contains(&name) {
            let number = self.next_number.entry(stem.to_string()).or_insert(2);
            loop {
                name = format!("{stem}-{number}.{extension}");
                *number += 1;
                if !self.names.contains(&name) {
                    break;
                }
            }
        }
        self.names.insert(name.clone());
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_names_do_not_collide() {
        let mut used = UsedNames::default();
        assert_eq!(used.unique("a", "epub"), "a.epub");
        assert_eq!(used.unique("a", "epub"), "a-2.epub");
        assert_eq!(used.unique("a-2", "epub"), "a-2-2.epub");
        assert_eq!(used.unique("a", "epub"), "a-3.epub");
        assert_eq!(used.unique("a-3", "epub"), "a-3-2.epub");
        assert_eq!(used.unique("b", "epub"), "b.epub");
    }

    #[test]
    fn an_existing_output_is_refused_before_anything_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.epub");
        std::fs::write(&path, "old").unwrap();
        let destination = Destination {
            output: Some(path.clone()),
            ..Destination::default()
        };
        let err = destination.check().unwrap_err();
        assert!(err
            .to_string()
            .ends_with("book.epub: already exists (use --force to overwrite)"));
        let forced = Destination {
            force: true,
            ..destination
        };
        assert!(forced.check().is_ok());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
    }

    #[test]
    fn an_output_of_another_book_format_is_refused() {
        let destination = Destination {
            output: Some(PathBuf::from("page.pdf")),
            ..Destination::default()
        };
        let err = destination.check_extension("epub").unwrap_err();
        assert!(err.is_usage());
        assert!(
            err.to_string().contains("name the output page.epub"),
            "{err}"
        );
        assert!(destination.check_extension("pdf").is_ok());
        let unusual = Destination {
            output: Some(PathBuf::from("page.book")),
            ..Destination::default()
        };
        assert!(unusual.check_extension("epub").is_ok());
        let text = Destination {
            output: Some(PathBuf::from("notes.md")),
            ..Destination::default()
        };
        assert!(text.check_extension("txt").is_ok());
        assert!(text.check_extension("epub").is_err());
    }
}
