//! The kiosk's own voice, for the self-voicing mode: offline speech synthesis through
//! speech-dispatcher (with espeak-ng's Mandarin and English voices), on a worker thread
//! of its own, behind the [`Speaker`] trait so that tests listen with a recording fake.
//!
//! The engine is looked for once at start, on the worker, never in a frame: until it
//! has answered with a voice for each of the hall's languages the mode is not offered.
//! Each utterance interrupts the one before (a finger moving over the screen must hear
//! the target under it now, not a queue of the ones it crossed).

use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use ssip_client_async::{
    ClientName, ClientScope, MessageScope, OK_CLIENT_NAME_SET, OK_LANGUAGE_SET, OK_RECEIVING_DATA,
    fifo,
};

/// Something the kiosk says: in which language, and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Utterance {
    pub language: String,
    pub text: String,
}

/// Where speech goes: speech-dispatcher in the kiosk, a recording in tests.
pub trait Speaker: Send + Sync {
    /// Says `text` in `language`, interrupting whatever is being said.
    fn speak(&self, language: &str, text: &str);
    /// Stops speaking.
    fn stop(&self);
    /// Whether the speaker can be used, and if not why (for the log and the self-test).
    fn status(&self) -> EngineStatus;
}

/// What is known of the speech engine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EngineStatus {
    /// The worker is still connecting.
    Probing,
    /// Connected, with a voice for each of these languages (the hall's codes).
    Ready { languages: Vec<String> },
    /// No engine, or no voice for one of the hall's languages: why.
    Unavailable(String),
}

impl EngineStatus {
    pub fn is_ready(&self) -> bool {
        matches!(self, Self::Ready { .. })
    }
}

/// The voices speech-dispatcher must offer for a hall's language, as SSIP language
/// codes: espeak-ng calls Mandarin `cmn`, some modules `zh`.
fn engine_languages(code: &str) -> &'static [&'static str] {
    match code {
        "zh" => &["cmn", "zh"],
        "en" => &["en"],
        _ => &[],
    }
}

/// Finds, among the voices an engine lists (their language codes), the SSIP language to
/// ask for each of `wanted`; an error names the first language without a voice.
pub fn choose_languages(
    wanted: &[String],
    listed: &[String],
) -> Result<Vec<(String, String)>, String> {
    let mut chosen = Vec::new();
    for code in wanted {
        let found = engine_languages(code).iter().find_map(|prefix| {
            listed.iter().find(|voice| {
                let voice = voice.to_ascii_lowercase();
                voice == *prefix || voice.starts_with(&format!("{prefix}-"))
            })
        });
        match found {
            Some(voice) => chosen.push((code.clone(), voice.clone())),
            None => return Err(format!("no {code} voice in speech-dispatcher")),
        }
    }
    Ok(chosen)
}

/// Text as one SSIP line: no line breaks (a line holding only `.` would end the
/// message), and no leading dot (SSIP would read it as an escape).
pub fn one_line(text: &str) -> Option<String> {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let line = line.trim_start_matches('.').trim().to_owned();
    (!line.is_empty()).then_some(line)
}

/// How long the worker waits before looking for the engine again after it was not
/// there or the connection broke (the daemon restarted, the package was installed).
const RETRY_AFTER: Duration = Duration::from_secs(60);
/// How long one answer from the daemon may take.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(3);

#[derive(Clone, Debug, PartialEq, Eq)]
enum Command {
    Speak(Utterance),
    Stop,
}

#[derive(Default)]
struct Mailbox {
    /// Only the latest command matters: each one replaces what was asked before.
    command: Option<Command>,
    closed: bool,
}

struct Shared {
    mailbox: Mutex<Mailbox>,
    wake: Condvar,
    status: Mutex<EngineStatus>,
}

/// speech-dispatcher, spoken to over its Unix socket from a worker thread.
pub struct SpeechDispatcher {
    shared: Arc<Shared>,
}

impl SpeechDispatcher {
    /// Starts the worker, which connects and checks for a voice in each of
    /// `languages`. `socket` overrides where the daemon listens (else
    /// `SPEECHD_ADDRESS=unix_socket:…`, else the user's runtime folder).
    pub fn start(languages: Vec<String>, socket: Option<PathBuf>) -> Self {
        let shared = Arc::new(Shared {
            mailbox: Mutex::new(Mailbox::default()),
            wake: Condvar::new(),
            status: Mutex::new(EngineStatus::Probing),
        });
        let worker = Arc::clone(&shared);
        let socket = socket.or_else(socket_from_env);
        let started = std::thread::Builder::new()
            .name("speech".into())
            .spawn(move || run_worker(&worker, &languages, socket.as_ref()));
        if let Err(err) = started {
            set_status(
                &shared,
                EngineStatus::Unavailable(format!("cannot start the speech thread: {err}")),
            );
        }
        Self { shared }
    }

    /// Waits (at most `limit`) until the engine has been looked for: the command line's
    /// self-test, which has no frames to wait in.
    pub fn wait_for_probe(&self, limit: Duration) -> EngineStatus {
        let deadline = std::time::Instant::now() + limit;
        loop {
            let status = self.status();
            if status != EngineStatus::Probing || std::time::Instant::now() >= deadline {
                return status;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn send(&self, command: Command) {
        if let Ok(mut mailbox) = self.shared.mailbox.lock() {
            mailbox.command = Some(command);
        }
        self.shared.wake.notify_one();
    }
}

impl Drop for SpeechDispatcher {
    fn drop(&mut self) {
        if let Ok(mut mailbox) = self.shared.mailbox.lock() {
            mailbox.closed = true;
        }
        self.shared.wake.notify_one();
    }
}

impl Speaker for SpeechDispatcher {
    fn speak(&self, language: &str, text: &str) {
        if let Some(text) = one_line(text) {
            self.send(Command::Speak(Utterance {
                language: language.to_owned(),
                text,
            }));
        }
    }

    fn stop(&self) {
        self.send(Command::Stop);
    }

    fn status(&self) -> EngineStatus {
        self.shared
            .status
            .lock()
            .map_or_else(|_| EngineStatus::Probing, |s| s.clone())
    }
}

fn socket_from_env() -> Option<PathBuf> {
    let address = std::env::var("SPEECHD_ADDRESS").ok()?;
    address.strip_prefix("unix_socket:").map(PathBuf::from)
}

fn set_status(shared: &Shared, status: EngineStatus) {
    if let Ok(mut slot) = shared.status.lock() {
        if *slot != status {
            match &status {
                EngineStatus::Ready { languages } => {
                    tracing::info!("speech: speech-dispatcher ready ({})", languages.join(", "));
                }
                EngineStatus::Unavailable(why) => {
                    tracing::warn!("speech: no spoken guidance: {why}");
                }
                EngineStatus::Probing => {}
            }
        }
        *slot = status;
    }
}

type Client = ssip_client_async::Client<std::os::unix::net::UnixStream>;

/// A connection and the SSIP language for each of the hall's languages.
struct Connection {
    client: Client,
    languages: Vec<(String, String)>,
    current: Option<String>,
}

/// The worker: connect, then say what is asked. A panic in the client library or a
/// broken connection is logged and the worker starts over; it ends only with the app.
fn run_worker(shared: &Shared, languages: &[String], socket: Option<&PathBuf>) {
    loop {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            serve(shared, languages, socket)
        }));
        match outcome {
            Ok(Served::Closed) => return,
            Ok(Served::Lost(why)) => set_status(shared, EngineStatus::Unavailable(why)),
            Err(panic) => {
                let why = panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                tracing::error!("speech: the speech thread failed ({why}); starting it again");
                set_status(
                    shared,
                    EngineStatus::Unavailable(format!("speech thread failed: {why}")),
                );
            }
        }
        // Wait before trying again, unless the app closes.
        let Ok(mailbox) = shared.mailbox.lock() else {
            return;
        };
        let Ok((mailbox, _)) = shared
            .wake
            .wait_timeout_while(mailbox, RETRY_AFTER, |m| !m.closed)
        else {
            return;
        };
        if mailbox.closed {
            return;
        }
    }
}

enum Served {
    Closed,
    Lost(String),
}

fn serve(shared: &Shared, languages: &[String], socket: Option<&PathBuf>) -> Served {
    let mut connection = match connect(languages, socket) {
        Ok(connection) => connection,
        Err(why) => return Served::Lost(why),
    };
    set_status(
        shared,
        EngineStatus::Ready {
            languages: languages.to_vec(),
        },
    );
    loop {
        let command = {
            let Ok(mut mailbox) = shared.mailbox.lock() else {
                return Served::Closed;
            };
            while mailbox.command.is_none() && !mailbox.closed {
                mailbox = match shared.wake.wait(mailbox) {
                    Ok(mailbox) => mailbox,
                    Err(_) => return Served::Closed,
                };
            }
            if mailbox.closed {
                let _ = connection.client.quit();
                return Served::Closed;
            }
            mailbox.command.take()
        };
        let result = match command {
            Some(Command::Speak(utterance)) => connection.say(&utterance),
            Some(Command::Stop) => connection.cancel(),
            None => Ok(()),
        };
        if let Err(err) = result {
            return Served::Lost(format!("speech-dispatcher stopped answering: {err}"));
        }
    }
}

fn connect(languages: &[String], socket: Option<&PathBuf>) -> Result<Connection, String> {
    let mut builder = fifo::synchronous::Builder::new();
    if let Some(socket) = socket {
        builder.path(socket);
    }
    builder.timeout(ANSWER_TIMEOUT);
    let mut client = match builder.build() {
        Ok(client) => client,
        // The user's own daemon starts on demand, as speech-dispatcher's clients do
        // (unless its configuration says DisableAutoSpawn); a socket named by the
        // kiosk's environment or a test belongs to a daemon started by someone else.
        Err(_) if socket.is_none() && spawn_daemon() => builder
            .build()
            .map_err(|err| format!("speech-dispatcher is not running ({err})"))?,
        Err(err) => return Err(format!("speech-dispatcher is not running ({err})")),
    };
    let listed = (|| {
        client
            .set_client_name(ClientName::new("kiosk", "xinghuo"))?
            .check_status(OK_CLIENT_NAME_SET)?;
        let voices = client.list_synthesis_voices()?.receive_synthesis_voices()?;
        Ok::<_, ssip_client_async::ClientError>(voices)
    })()
    .map_err(|err| format!("speech-dispatcher did not answer ({err})"))?;
    let listed: Vec<String> = listed
        .into_iter()
        .filter_map(|voice| voice.language)
        .collect();
    let languages = choose_languages(languages, &listed)?;
    Ok(Connection {
        client,
        languages,
        current: None,
    })
}

/// Starts the user's speech-dispatcher (`--spawn`: it forks and returns once its
/// socket is there); whether it says it did.
fn spawn_daemon() -> bool {
    std::process::Command::new("speech-dispatcher")
        .arg("--spawn")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

impl Connection {
    fn say(&mut self, utterance: &Utterance) -> Result<(), ssip_client_async::ClientError> {
        self.cancel()?;
        let language = self
            .languages
            .iter()
            .find(|(code, _)| *code == utterance.language)
            .or_else(|| self.languages.first())
            .map(|(_, ssip)| ssip.clone());
        if let Some(language) = language
            && self.current.as_ref() != Some(&language)
        {
            self.client
                .set_language(ClientScope::Current, &language)?
                .check_status(OK_LANGUAGE_SET)?;
            self.current = Some(language);
        }
        self.client
            .speak()?
            .check_status(OK_RECEIVING_DATA)?
            .send_line(&utterance.text)?
            .receive_message_id()?;
        Ok(())
    }

    fn cancel(&mut self) -> Result<(), ssip_client_async::ClientError> {
        // The answer (canceled, or nothing to cancel) does not matter; an I/O error does.
        self.client.cancel(MessageScope::Last)?.receive()?;
        Ok(())
    }
}

/// No engine: nothing is said, and the mode is not offered.
#[derive(Clone, Debug)]
pub struct Silent(pub String);

impl Speaker for Silent {
    fn speak(&self, _language: &str, _text: &str) {}
    fn stop(&self) {}
    fn status(&self) -> EngineStatus {
        EngineStatus::Unavailable(self.0.clone())
    }
}

/// What a test hears: every utterance and stop, in order.
#[derive(Clone, Debug, Default)]
pub struct Recording {
    heard: Arc<Mutex<Vec<Option<Utterance>>>>,
}

impl Recording {
    /// The utterances since the last call; a stop is `None`.
    pub fn take(&self) -> Vec<Option<Utterance>> {
        self.heard
            .lock()
            .map(|mut heard| std::mem::take(&mut *heard))
            .unwrap_or_default()
    }

    /// The texts said since the last call (stops left out).
    pub fn take_texts(&self) -> Vec<String> {
        self.take().into_iter().flatten().map(|u| u.text).collect()
    }
}

impl Speaker for Recording {
    fn speak(&self, language: &str, text: &str) {
        if let (Some(text), Ok(mut heard)) = (one_line(text), self.heard.lock()) {
            // Bounded: a test that never reads must not grow without end.
            if heard.len() >= 1024 {
                heard.remove(0);
            }
            heard.push(Some(Utterance {
                language: language.to_owned(),
                text,
            }));
        }
    }

    fn stop(&self) {
        if let Ok(mut heard) = self.heard.lock() {
            heard.push(None);
        }
    }

    fn status(&self) -> EngineStatus {
        EngineStatus::Ready {
            languages: vec!["zh".into(), "en".into()],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn mandarin_is_found_as_cmn_and_english_as_any_en_variant() {
        let listed = strings(&["af", "cmn", "en-gb", "yue"]);
        assert_eq!(
            choose_languages(&strings(&["zh", "en"]), &listed),
            Ok(vec![
                ("zh".to_owned(), "cmn".to_owned()),
                ("en".to_owned(), "en-gb".to_owned())
            ])
        );
        // Cantonese is not Mandarin, and "english" is not "en".
        assert_eq!(
            choose_languages(&strings(&["zh"]), &strings(&["yue", "english"])),
            Err("no zh voice in speech-dispatcher".to_owned())
        );
        assert!(choose_languages(&strings(&["en"]), &strings(&["english"])).is_err());
    }

    #[test]
    fn text_is_sent_as_one_line_that_cannot_end_the_message() {
        assert_eq!(
            one_line("第一行\n.\n第二行").as_deref(),
            Some("第一行 . 第二行")
        );
        assert_eq!(one_line(".hidden").as_deref(), Some("hidden"));
        assert_eq!(one_line(" \n . \n"), None);
    }

    #[test]
    fn without_a_daemon_the_engine_is_unavailable_and_says_why() {
        let missing = tempfile::tempdir().unwrap();
        let speech = SpeechDispatcher::start(
            strings(&["zh", "en"]),
            Some(missing.path().join("speechd.sock")),
        );
        let status = speech.wait_for_probe(Duration::from_secs(10));
        match status {
            EngineStatus::Unavailable(why) => {
                assert!(why.contains("speech-dispatcher is not running"), "{why}");
            }
            other => panic!("{other:?}"),
        }
        // Speaking to no engine is harmless.
        speech.speak("zh", "你好");
        speech.stop();
    }
}
