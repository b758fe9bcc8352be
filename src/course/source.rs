//! Where a course is read from: embedded in the binary, or a folder on disk.

use std::borrow::Cow;
use std::fs;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::kinds::Datasets;

static EMBEDDED_EXERCISES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/exercises");
static EMBEDDED_DATASETS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/datasets");

/// A course's origin.
#[derive(Debug, Clone)]
pub enum CourseSource {
    /// The built-in course, compiled into the binary from `exercises/` and `datasets/`.
    Embedded,
    /// A folder holding `course.toml` and a folder per module; datasets are looked up in
    /// `DIR/datasets`, then in `DIR/../datasets`.
    Dir(PathBuf),
}

/// A text file of the course, with the path messages name it by.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// As shown in messages (`exercises/pp1/target-market.toml`).
    pub path: String,
    /// Relative to the course folder (`pp1/target-market.toml`).
    pub relative: String,
    pub text: String,
}

/// A file that could not be read at all (missing, not UTF-8, …).
#[derive(Debug, Clone)]
pub struct Unreadable {
    pub path: String,
    pub message: String,
}

impl CourseSource {
    /// `course.toml`, or why it could not be read.
    pub fn course_file(&self) -> Result<SourceFile, Unreadable> {
        match self {
            CourseSource::Embedded => embedded_text(&EMBEDDED_EXERCISES, "course.toml"),
            CourseSource::Dir(dir) => disk_text(dir, "course.toml"),
        }
    }

    /// Every `*.toml` one folder down (`MODULE/NAME.toml`), sorted by path.
    pub fn exercise_files(&self) -> Vec<Result<SourceFile, Unreadable>> {
        let mut files = match self {
            CourseSource::Embedded => EMBEDDED_EXERCISES
                .dirs()
                .flat_map(|d| d.files())
                .filter(|f| f.path().extension().is_some_and(|e| e == "toml"))
                .map(|f| embedded_text(&EMBEDDED_EXERCISES, &f.path().to_string_lossy()))
                .collect(),
            CourseSource::Dir(dir) => disk_exercise_files(dir),
        };
        files.sort_by(|a, b| file_path(a).cmp(file_path(b)));
        files
    }

    /// The path messages use for a file of this course.
    pub fn display_path(&self, relative: &str) -> String {
        match self {
            CourseSource::Embedded => format!("exercises/{relative}"),
            CourseSource::Dir(dir) => dir.join(relative).display().to_string(),
        }
    }

    fn dataset_bytes(&self, name: &str) -> Option<Cow<'static, [u8]>> {
        if name.contains("..") || Path::new(name).is_absolute() {
            return None;
        }
        match self {
            CourseSource::Embedded => EMBEDDED_DATASETS.get_file(name).map(|f| Cow::Borrowed(f.contents())),
            CourseSource::Dir(dir) => dataset_path(dir, name).and_then(|p| fs::read(p).ok()).map(Cow::Owned),
        }
    }
}

/// What tells a file's content has not changed without reading it: its path, size and
/// times of change (on Unix also its inode and the time its metadata changed, which no
/// tool sets back). `None` when the file cannot be trusted so: no time of change, or one
/// within the last two seconds (an edit in the same tick of a coarse clock would keep
/// the size and the time), as Git does.
fn file_stamp(path: &Path) -> Option<String> {
    let meta = fs::metadata(path).ok()?;
    let since_epoch = |t: std::io::Result<std::time::SystemTime>| t.ok()?.duration_since(std::time::UNIX_EPOCH).ok();
    let modified = since_epoch(meta.modified())?;
    let now = since_epoch(Ok(std::time::SystemTime::now()))?;
    if now.saturating_sub(modified) < std::time::Duration::from_secs(2) {
        return None;
    }
    #[cfg(unix)]
    let more = {
        use std::os::unix::fs::MetadataExt;
        if now.as_secs().saturating_sub(u64::try_from(meta.ctime()).unwrap_or(0)) < 2 {
            return None;
        }
        format!("{}\u{1f}{}\u{1f}{}.{}", meta.dev(), meta.ino(), meta.ctime(), meta.ctime_nsec())
    };
    #[cfg(not(unix))]
    let more = String::new();
    Some(format!("{}\u{1f}{}\u{1f}{modified:?}\u{1f}{more}", path.display(), meta.len()))
}

/// Where a folder course's dataset is: `DIR/datasets/NAME`, else `DIR/../datasets/NAME`
/// (a name that climbs out of them is none).
fn dataset_path(dir: &Path, name: &str) -> Option<PathBuf> {
    if name.contains("..") || Path::new(name).is_absolute() {
        return None;
    }
    [dir.join("datasets").join(name), dir.join("..").join("datasets").join(name)].into_iter().find(|p| p.is_file())
}

impl Datasets for CourseSource {
    fn read(&self, name: &str) -> Option<Cow<'_, [u8]>> {
        self.dataset_bytes(name)
    }

    /// Remembered per process: an embedded dataset never changes; a folder's is known by
    /// its stamp ([`file_stamp`]), so an edited file is read and hashed again.
    fn content_key(&self, name: &str) -> Option<u64> {
        use std::collections::HashMap;
        use std::sync::Mutex;
        static KEYS: Mutex<Option<HashMap<String, u64>>> = Mutex::new(None);
        let stamp = match self {
            CourseSource::Embedded => Some(format!("embedded\u{1f}{name}")),
            CourseSource::Dir(dir) => file_stamp(&dataset_path(dir, name)?),
        };
        let known = stamp.as_ref().and_then(|s| KEYS.lock().ok()?.as_ref()?.get(s).copied());
        if known.is_some() {
            return known;
        }
        let key = crate::base::hash::stable_hash(&[&self.dataset_bytes(name)?]);
        let Some(stamp) = stamp else { return Some(key) };
        if let Ok(mut keys) = KEYS.lock() {
            let keys = keys.get_or_insert_with(HashMap::new);
            // Bounded: a course has a handful of datasets; edits add entries.
            if keys.len() >= 256 {
                keys.clear();
            }
            keys.insert(stamp, key);
        }
        Some(key)
    }
}

fn file_path(f: &Result<SourceFile, Unreadable>) -> &str {
    match f {
        Ok(f) => &f.path,
        Err(u) => &u.path,
    }
}

fn embedded_text(dir: &Dir<'static>, relative: &str) -> Result<SourceFile, Unreadable> {
    let path = format!("exercises/{relative}");
    let file = dir
        .get_file(relative)
        .ok_or_else(|| Unreadable { path: path.clone(), message: "файл не найден".into() })?;
    let text = std::str::from_utf8(file.contents())
        .map_err(|e| Unreadable {
            path: path.clone(), message: format!("файл не в кодировке UTF-8 ({e})")
        })?;
    Ok(SourceFile { path, relative: relative.to_owned(), text: text.to_owned() })
}

fn disk_text(dir: &Path, relative: &str) -> Result<SourceFile, Unreadable> {
    let path = dir.join(relative);
    let shown = path.display().to_string();
    let bytes =
        fs::read(&path).map_err(|e| Unreadable { path: shown.clone(), message: crate::strings::io_error(&e) })?;
    let text = String::from_utf8(bytes)
        .map_err(|e| Unreadable {
            path: shown.clone(), message: format!("файл не в кодировке UTF-8 ({e})")
        })?;
    Ok(SourceFile { path: shown, relative: relative.to_owned(), text })
}

fn disk_exercise_files(dir: &Path) -> Vec<Result<SourceFile, Unreadable>> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for module_dir in entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()) {
        if module_dir.file_name().is_some_and(|n| n == "datasets") {
            continue;
        }
        let Ok(files) = fs::read_dir(&module_dir) else { continue };
        for file in files.flatten().map(|e| e.path()) {
            if file.extension().is_some_and(|e| e == "toml")
                && let Ok(relative) = file.strip_prefix(dir)
            {
                out.push(disk_text(dir, &relative.to_string_lossy()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_datasets_key_follows_its_content() {
        let dir = tempfile::tempdir().expect("temp dir");
        let course = dir.path().join("course");
        fs::create_dir_all(course.join("datasets")).expect("folders");
        let file = course.join("datasets").join("shop.csv");
        fs::write(&file, "id\n1\n").expect("write");
        let source = CourseSource::Dir(course.clone());
        let first = source.content_key("shop.csv").expect("a key");
        assert_eq!(source.content_key("shop.csv"), Some(first), "the same file, the same key");
        fs::write(&file, "id\n1\n2\n").expect("write");
        let second = source.content_key("shop.csv").expect("a key");
        assert_ne!(first, second, "an edited file has a new key");
        assert_eq!(second, crate::base::hash::stable_hash(&[b"id\n1\n2\n"]));
        // Edited to the same size with its time of change set back (`cp -p`, `rsync -t`,
        // a coarse clock): still a new key.
        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        let set_back = |text: &str| {
            fs::write(&file, text).expect("write");
            fs::File::options().write(true).open(&file).and_then(|f| f.set_modified(old)).expect("set the time back");
        };
        set_back("id\n7\n");
        let third = source.content_key("shop.csv").expect("a key");
        set_back("id\n8\n");
        assert_eq!(source.content_key("shop.csv"), Some(crate::base::hash::stable_hash(&[b"id\n8\n"])));
        assert_ne!(source.content_key("shop.csv"), Some(third));
        assert_eq!(source.content_key("missing.csv"), None);
        assert_eq!(source.content_key("../course/datasets/shop.csv"), None, "only the course's datasets");
        // The embedded course: the key of what is read.
        let embedded = CourseSource::Embedded;
        let bytes = embedded.read("customers.csv").expect("embedded customers");
        assert_eq!(embedded.content_key("customers.csv"), Some(crate::base::hash::stable_hash(&[&bytes])));
    }
}
