//! Arbitrary text as WebVTT: parse errors carry a line inside the file, and cue
//! lookups stay consistent.
#![no_main]

use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use xinghuo::captions::Captions;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match Captions::parse(&text) {
        Ok(captions) => {
            let end = captions.end();
            for cue in &captions.cues {
                assert!(cue.start < cue.end);
                assert!(cue.end <= end);
            }
            for probe in [Duration::ZERO, end / 2, end, end + Duration::from_secs(1)] {
                if let Some(cue) = captions.cue_at(probe) {
                    assert!(cue.start <= probe && probe < cue.end);
                }
            }
            let _ = captions.transcript();
        }
        Err(err) => assert!(err.line >= 1 && err.line <= text.lines().count().max(1)),
    }
});
