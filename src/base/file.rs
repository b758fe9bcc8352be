//! Reading a text file that a person hands over (a bundle, a feedback file) without
//! letting a file of the wrong kind — a video renamed `.json`, a huge export — take the
//! machine's memory.

use std::io::Read;
use std::path::Path;

/// A text file of at most `max` bytes, or what is wrong with it in Russian: unreadable
/// (see [`crate::strings::io_error`]), larger than `max`, or not UTF-8.
pub fn read_text(path: &Path, max: u64) -> Result<String, String> {
    let file = std::fs::File::open(path).map_err(|e| crate::strings::io_error(&e))?;
    // The length as it is read, not as the file system says: a file that grows while
    // being read, or a device, is cut at the limit too.
    let mut bytes = Vec::new();
    file.take(max + 1).read_to_end(&mut bytes).map_err(|e| crate::strings::io_error(&e))?;
    if bytes.len() as u64 > max {
        return Err(crate::strings::file_too_large(max));
    }
    String::from_utf8(bytes).map_err(|_| crate::strings::io_error(&std::io::ErrorKind::InvalidData.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_the_limit_is_refused_and_one_at_it_is_read() {
        let dir = tempfile::tempdir().expect("temp");
        let path = dir.path().join("b.json");
        std::fs::write(&path, "ы".repeat(50)).expect("write");
        assert_eq!(read_text(&path, 100).as_deref(), Ok("ы".repeat(50).as_str()));
        assert_eq!(read_text(&path, 99), Err(crate::strings::file_too_large(99)));
        std::fs::write(&path, [b'{', 0xff, b'}']).expect("write");
        assert_eq!(read_text(&path, 100), Err("файл не в кодировке UTF-8 или повреждён".into()));
        assert_eq!(read_text(dir.path(), 100), Err("это папка, а не файл".into()));
    }
}
