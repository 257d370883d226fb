//! Narration playback through rodio, and reading a recording's duration.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;
use std::time::Duration;

use rodio::Source as _;

/// Opens an audio file and reads its duration from its headers (no full decode).
pub fn probe_duration(path: &Path) -> Result<Option<Duration>, String> {
    let decoder = open_decoder(path)?;
    Ok(decoder.total_duration())
}

pub(crate) fn open_decoder(path: &Path) -> Result<rodio::Decoder<BufReader<File>>, String> {
    let file = File::open(path).map_err(|err| err.to_string())?;
    let byte_len = file.metadata().map_err(|err| err.to_string())?.len();
    let mut builder = rodio::Decoder::builder()
        .with_data(BufReader::new(file))
        .with_byte_len(byte_len)
        .with_seekable(true);
    if let Some(extension) = path.extension().and_then(|e| e.to_str()) {
        builder = builder.with_hint(extension);
    }
    builder.build().map_err(|err| err.to_string())
}
