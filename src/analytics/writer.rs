//! The statistics writer: a thread of its own that takes events from the UI without
//! ever making it wait, and keeps the database going in a kiosk nobody watches.
//!
//! Faults heal by themselves. A database deleted or replaced while in use is noticed
//! (its device and inode are compared before each write) and opened again; a damaged
//! one is moved aside, never deleted, and started anew; while the database is locked,
//! full or failing, events wait in a bounded queue and are written when it clears. A
//! panic in the writer is caught, and a writer thread that died anyway is started
//! again by the handle. Each fault is logged once, and [`Analytics::health`] tells
//! staff about it.

use std::collections::VecDeque;
use std::fs::File;
use std::io::Read as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SendError, Sender, channel};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use rusqlite::ErrorCode;
use rusqlite::config::DbConfig;

use super::{Charts, Store, Summary};
use crate::clock::{Clock, SystemClock, wall_ms};
use crate::visit::Event;

/// Events kept in memory while the database cannot take them: hours of a busy hall,
/// about a megabyte. Beyond it the oldest are dropped, and counted.
const QUEUE_CAPACITY: usize = 10_000;

/// Events sent and not yet taken by the writer. Only a writer stuck in a system call
/// lets them pile up; beyond this, new events are dropped, and counted.
const CHANNEL_LIMIT: usize = 10_000;

/// Old events are deleted at start and then once a day (by the kiosk's calendar): a
/// kiosk may run for months.
const PRUNE_EVERY_MS: i64 = 86_400_000;

/// How every SQLite database file begins.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// How the statistics database is doing, for the staff's admin overlay.
///
/// The writer heals by itself: a database deleted while the kiosk runs is started
/// anew; a damaged one (garbage instead of a database) is moved aside as
/// `visits.sqlite.corrupt-YYYYMMDD-HHMMSS`, never deleted, and started anew; while the
/// database is locked by another program, full or failing, events wait in memory (up
/// to 10,000, the oldest dropped beyond that) and are written when it clears. So
/// `Trouble` lasts only as long as the fault. Each fault is logged once when it
/// begins, and once when it ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Health {
    /// Statistics are not recorded ([`Analytics::disabled`]).
    Off,
    /// Events are written as they come.
    Ok {
        /// Events that could not be kept during earlier faults, since the kiosk started.
        events_lost: u64,
    },
    /// Events cannot be written since `since`; they wait in memory and are written
    /// when the fault clears.
    Trouble {
        since: SystemTime,
        /// What went wrong last, in English as in the log.
        message: String,
        /// Events waiting in memory to be written.
        waiting: usize,
        /// Events that could not be kept, since the kiosk started: the oldest beyond
        /// the 10,000 that wait, and those recorded while the writer could not take them.
        events_lost: u64,
    },
}

enum Message {
    Event(i64, Event),
    /// The overlay's figures, its days in the hall's time (`utc_offset`).
    Summary(time::UtcOffset, Sender<Summary>),
    /// The statistics page's charts: the last `days` days in the hall's time.
    Charts {
        days: u32,
        offset: time::UtcOffset,
        reply: Sender<Charts>,
    },
    Flush(Sender<()>),
}

/// The writer thread's handle: events go in without blocking the UI.
pub struct Analytics {
    running: Option<Running>,
}

impl Analytics {
    /// Starts the writer for the database at `path`; events are dated by `clock`'s
    /// calendar, and those older than `retention_days` are deleted at start and then
    /// once a day. Problems are logged, shown by [`Analytics::health`], and retried
    /// until they clear; the kiosk carries on.
    pub fn start(path: PathBuf, retention_days: u32, clock: Arc<dyn Clock>) -> Self {
        Self::start_tuned(
            path,
            retention_days,
            Tuning {
                clock,
                ..Tuning::default()
            },
        )
    }

    fn start_tuned(path: PathBuf, retention_days: u32, tuning: Tuning) -> Self {
        let shared = Arc::new(Shared::default());
        let writer = Writer::new(
            path.clone(),
            retention_days,
            tuning.clone(),
            Arc::clone(&shared),
        );
        Self {
            running: Some(Running {
                shared,
                path,
                retention_days,
                tuning,
                writer: Mutex::new(WriterThread::spawn(writer)),
            }),
        }
    }

    /// An analytics handle that records nothing (tests, benchmarks).
    pub fn disabled() -> Self {
        Self { running: None }
    }

    /// Records `event` as happening now.
    pub fn record(&self, event: Event) {
        let Some(running) = &self.running else {
            return;
        };
        self.record_at(wall_ms(running.tuning.clock.as_ref()), event);
    }

    pub fn record_at(&self, at_ms: i64, event: Event) {
        let Some(running) = &self.running else {
            return;
        };
        if running.shared.events_in_channel.load(Ordering::SeqCst) >= running.tuning.channel_limit {
            running
                .shared
                .lose(1, "the statistics writer is not keeping up");
            return;
        }
        if running.send(Message::Event(at_ms, event)).is_err() {
            running
                .shared
                .lose(1, "the statistics writer is not running");
        }
    }

    /// Asks for the overlay's figures, "today" being the hall's day at `offset` (its
    /// `utc_offset`). The answer arrives on the returned channel, or the channel closes
    /// (`Disconnected`) if the writer cannot answer: no figures without a database, or
    /// the writer failed. `None` if nothing can take the request.
    pub fn request_summary(&self, offset: time::UtcOffset) -> Option<Receiver<Summary>> {
        let (reply, answer) = channel();
        self.running
            .as_ref()?
            .send(Message::Summary(offset, reply))
            .ok()?;
        Some(answer)
    }

    /// Asks for the charts of the last `days` days in the hall's time (`offset`), today
    /// included; answered like [`Analytics::request_summary`]. The queries run on the
    /// writer's thread, never in a frame.
    pub fn request_charts(&self, days: u32, offset: time::UtcOffset) -> Option<Receiver<Charts>> {
        let (reply, answer) = channel();
        self.running
            .as_ref()?
            .send(Message::Charts {
                days,
                offset,
                reply,
            })
            .ok()?;
        Some(answer)
    }

    /// Waits until everything sent so far is written, or could not be (see
    /// [`Analytics::health`]), at most ten seconds.
    pub fn flush(&self) {
        let (reply, done) = channel();
        if let Some(running) = &self.running
            && running.send(Message::Flush(reply)).is_ok()
        {
            let _ = done.recv_timeout(Duration::from_secs(10));
        }
    }

    /// Asks the writer to write everything sent so far now, without waiting for it
    /// (the hall closing: the frame must not wait on the database).
    pub fn flush_soon(&self) {
        let (reply, _nobody_waits) = channel();
        if let Some(running) = &self.running {
            let _ = running.send(Message::Flush(reply));
        }
    }

    /// How the statistics database is doing, for staff. Cheap: the UI may ask every
    /// frame. A writer thread found dead is started again.
    pub fn health(&self) -> Health {
        match &self.running {
            None => Health::Off,
            Some(running) => {
                running.revive_if_dead();
                running.shared.health()
            }
        }
    }
}

impl Drop for Analytics {
    fn drop(&mut self) {
        if let Some(running) = self.running.take() {
            let writer = running
                .writer
                .into_inner()
                .unwrap_or_else(PoisonError::into_inner);
            // Closing the channel tells the writer to write what waits and stop.
            drop(writer.sender);
            if let Some(thread) = writer.thread {
                let _ = thread.join();
            }
        }
    }
}

/// The calendar, timings and sizes; tests make them short and small.
#[derive(Clone)]
struct Tuning {
    /// Dates the events and says when old ones are due for deletion.
    clock: Arc<dyn Clock>,
    /// How long a write waits for another program's lock; then the writer carries on
    /// and tries again later. The UI never waits for it.
    busy_timeout: Duration,
    /// The wait before the first retry after a fault; it doubles up to `longest_retry`.
    first_retry: Duration,
    longest_retry: Duration,
    /// A writer thread that died is started again at most this often.
    restart_after: Duration,
    queue_capacity: usize,
    channel_limit: usize,
    #[cfg(test)]
    faults: Arc<tests::Faults>,
}

impl Default for Tuning {
    fn default() -> Self {
        Self {
            clock: Arc::new(SystemClock::default()),
            busy_timeout: Duration::from_secs(1),
            first_retry: Duration::from_secs(1),
            longest_retry: Duration::from_secs(10),
            restart_after: Duration::from_secs(5),
            queue_capacity: QUEUE_CAPACITY,
            channel_limit: CHANNEL_LIMIT,
            #[cfg(test)]
            faults: Arc::default(),
        }
    }
}

/// The handle's side of a started writer.
struct Running {
    shared: Arc<Shared>,
    path: PathBuf,
    retention_days: u32,
    tuning: Tuning,
    writer: Mutex<WriterThread>,
}

struct WriterThread {
    sender: Sender<Message>,
    /// `None` if the thread could not be started.
    thread: Option<JoinHandle<()>>,
    started: Instant,
}

impl WriterThread {
    fn spawn(writer: Writer) -> Self {
        let (sender, receiver) = channel();
        // The writer logs where its starter logs (a test's subscriber, or the global one).
        let dispatch = tracing::dispatcher::get_default(Clone::clone);
        let thread = std::thread::Builder::new()
            .name("statistics".into())
            .spawn(move || tracing::dispatcher::with_default(&dispatch, || writer.run(&receiver)))
            .inspect_err(|err| tracing::warn!("statistics: cannot start the writer thread: {err}"))
            .ok();
        Self {
            sender,
            thread,
            started: Instant::now(),
        }
    }

    fn is_dead(&self) -> bool {
        self.thread.as_ref().is_none_or(JoinHandle::is_finished)
    }
}

impl Running {
    /// Hands `message` to the writer, starting it again if it died. Gives the message
    /// back if no writer can take it.
    fn send(&self, message: Message) -> Result<(), Message> {
        let mut writer = lock(&self.writer);
        if writer.is_dead() && !self.restart(&mut writer) {
            return Err(message);
        }
        let message = match self.deliver(&writer, message) {
            Ok(()) => return Ok(()),
            Err(message) => message,
        };
        // The writer stopped between the look and the send.
        if !self.restart(&mut writer) {
            return Err(message);
        }
        self.deliver(&writer, message)
    }

    fn deliver(&self, writer: &WriterThread, message: Message) -> Result<(), Message> {
        let is_event = matches!(message, Message::Event(..));
        let in_channel = &self.shared.events_in_channel;
        if is_event {
            in_channel.fetch_add(1, Ordering::SeqCst);
        }
        writer.sender.send(message).map_err(|SendError(message)| {
            if is_event {
                take_one(in_channel);
            }
            message
        })
    }

    fn revive_if_dead(&self) {
        let mut writer = lock(&self.writer);
        if writer.is_dead() {
            self.restart(&mut writer);
        }
    }

    /// Starts a new writer in place of a dead one, unless the last one started a
    /// moment ago (a writer that dies at once must not be restarted in a loop).
    fn restart(&self, writer: &mut WriterThread) -> bool {
        if writer.started.elapsed() < self.tuning.restart_after {
            return false;
        }
        let why = match writer.thread.take().map(JoinHandle::join) {
            Some(Err(panic)) => panic_message(panic.as_ref()),
            Some(Ok(())) => "it stopped".to_owned(),
            None => "it had not started".to_owned(),
        };
        // What the dead writer had not taken from its channel went with it.
        let stranded = self.shared.events_in_channel.swap(0, Ordering::SeqCst);
        if stranded > 0 {
            self.shared
                .lose(count(stranded), "the statistics writer stopped");
        }
        tracing::warn!("statistics: the writer thread stopped ({why}); starting it again");
        *writer = WriterThread::spawn(Writer::new(
            self.path.clone(),
            self.retention_days,
            self.tuning.clone(),
            Arc::clone(&self.shared),
        ));
        true
    }
}

/// What the handle and the writer both see.
#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    /// Events sent to the writer and not yet taken by it.
    events_in_channel: AtomicUsize,
}

#[derive(Default)]
struct State {
    trouble: Option<Trouble>,
    waiting: usize,
    events_lost: u64,
}

struct Trouble {
    since: SystemTime,
    began: Instant,
    message: String,
    events_lost_before: u64,
    /// A fault is logged once, and so is the first event lost: not once per event.
    fault_logged: bool,
    loss_logged: bool,
}

impl Trouble {
    fn new(message: String, events_lost_before: u64) -> Self {
        Self {
            since: SystemTime::now(),
            began: Instant::now(),
            message,
            events_lost_before,
            fault_logged: false,
            loss_logged: false,
        }
    }
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    fn health(&self) -> Health {
        let state = self.state();
        match &state.trouble {
            None => Health::Ok {
                events_lost: state.events_lost,
            },
            Some(trouble) => Health::Trouble {
                since: trouble.since,
                message: trouble.message.clone(),
                waiting: state.waiting,
                events_lost: state.events_lost,
            },
        }
    }

    /// Logged when the trouble begins; while it lasts, only remembered.
    fn fault(&self, message: String) {
        let mut state = self.state();
        let lost = state.events_lost;
        let trouble = state
            .trouble
            .get_or_insert_with(|| Trouble::new(String::new(), lost));
        if !trouble.fault_logged {
            trouble.fault_logged = true;
            tracing::warn!("statistics: events wait in memory until this clears: {message}");
        }
        trouble.message = message;
    }

    /// `count` events could not be kept: logged the first time in a trouble.
    fn lose(&self, count: u64, why: &str) {
        let mut state = self.state();
        state.events_lost = state.events_lost.saturating_add(count);
        let lost = state.events_lost;
        let trouble = state
            .trouble
            .get_or_insert_with(|| Trouble::new(why.to_owned(), lost.saturating_sub(count)));
        if !trouble.loss_logged {
            trouble.loss_logged = true;
            tracing::warn!("statistics: events are being lost: {why}");
        }
    }

    fn healed(&self) {
        let mut state = self.state();
        if let Some(trouble) = state.trouble.take() {
            let lost = state.events_lost.saturating_sub(trouble.events_lost_before);
            tracing::info!(
                "statistics: written again after {} s; events lost meanwhile: {lost}",
                trouble.began.elapsed().as_secs()
            );
        }
    }

    fn set_waiting(&self, waiting: usize) {
        self.state().waiting = waiting;
    }
}

/// The writer thread's state.
struct Writer {
    path: PathBuf,
    retention_days: u32,
    tuning: Tuning,
    shared: Arc<Shared>,
    database: Option<Database>,
    queue: VecDeque<(i64, Event)>,
    /// How many events at the queue's front are being written. If writing them makes
    /// the writer panic they are dropped, so that they cannot stop it for good.
    in_flight: usize,
    /// The visit the next events belong to, kept when the database is opened again.
    visit: Option<i64>,
    /// Set while in trouble: when to try again.
    retry: Option<Retry>,
    /// When old events were last deleted, in the calendar's milliseconds.
    pruned_at: Option<i64>,
}

struct Database {
    store: Store,
    /// The database file as opened, to notice when the path names another file.
    file: Option<FileId>,
    /// Its write-ahead log as opened.
    wal: Option<FileId>,
}

struct Retry {
    at: Instant,
    delay: Duration,
}

enum Flow {
    Continue,
    /// The handle is gone: the kiosk is closing.
    Stop,
}

/// What kind of failure an SQLite error is, for what to do about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fault {
    /// Not a database, or a damaged one: moved aside and started anew.
    Damaged,
    /// Another program holds the lock: the same connection tries again later.
    Busy,
    /// Full, read-only, I/O errors and anything else: opened again later.
    Other,
}

impl Fault {
    fn of(err: &rusqlite::Error) -> Self {
        match err.sqlite_error_code() {
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => Self::Damaged,
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Self::Busy,
            _ => Self::Other,
        }
    }
}

impl Writer {
    fn new(path: PathBuf, retention_days: u32, tuning: Tuning, shared: Arc<Shared>) -> Self {
        Self {
            path,
            retention_days,
            tuning,
            shared,
            database: None,
            queue: VecDeque::new(),
            in_flight: 0,
            visit: None,
            retry: None,
            pruned_at: None,
        }
    }

    fn run(mut self, receiver: &Receiver<Message>) {
        self.guarded(Self::attempt);
        loop {
            match self.guarded(|writer| writer.step(receiver)) {
                Some(Flow::Stop) => break,
                Some(Flow::Continue) | None => {}
            }
            #[cfg(test)]
            if self.tuning.faults.kill_writer.swap(false, Ordering::SeqCst) {
                panic!("injected fault: the statistics writer dies");
            }
        }
        // The kiosk is closing: one last try for what waits (the rest is counted lost
        // when the writer is dropped).
        if !self.queue.is_empty() {
            self.guarded(Self::attempt);
        }
    }

    /// Runs `work`, and carries on after a panic in it.
    fn guarded<R>(&mut self, work: impl FnOnce(&mut Self) -> R) -> Option<R> {
        match catch_unwind(AssertUnwindSafe(|| work(self))) {
            Ok(result) => Some(result),
            Err(panic) => {
                self.recover_from_panic(&panic_message(panic.as_ref()));
                None
            }
        }
    }

    fn recover_from_panic(&mut self, what: &str) {
        let dropped = self.in_flight.min(self.queue.len());
        self.queue.drain(..dropped);
        self.in_flight = 0;
        // The connection may have been left half-way through something.
        self.database = None;
        self.trouble(format!(
            "the statistics writer failed ({what}) and carries on"
        ));
        if dropped > 0 {
            self.shared.lose(
                count(dropped),
                "the events being written when the writer failed are dropped",
            );
        }
        self.shared.set_waiting(self.queue.len());
    }

    fn step(&mut self, receiver: &Receiver<Message>) -> Flow {
        let wait = self
            .retry
            .as_ref()
            .map(|retry| retry.at.saturating_duration_since(Instant::now()));
        let first = match wait {
            None => match receiver.recv() {
                Ok(message) => Some(message),
                Err(_) => return Flow::Stop,
            },
            Some(wait) => match receiver.recv_timeout(wait) {
                Ok(message) => Some(message),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => return Flow::Stop,
            },
        };
        // Everything waiting is written in one transaction.
        let mut replies = Vec::new();
        for message in first.into_iter().chain(receiver.try_iter()) {
            match message {
                Message::Event(at_ms, event) => {
                    take_one(&self.shared.events_in_channel);
                    self.enqueue(at_ms, event);
                }
                other => replies.push(other),
            }
        }
        // Someone waits for an answer: try now, whatever the retry's time.
        let asked = !replies.is_empty();
        let retry_due = self
            .retry
            .as_ref()
            .is_none_or(|retry| Instant::now() >= retry.at);
        if asked || retry_due {
            self.attempt();
        } else {
            self.shared.set_waiting(self.queue.len());
        }
        for reply in replies {
            match reply {
                // Without figures the reply is dropped: the asker sees the channel close.
                Message::Summary(offset, sender) => {
                    if let Some(summary) = self.summary(offset) {
                        let _ = sender.send(summary);
                    }
                }
                Message::Charts {
                    days,
                    offset,
                    reply,
                } => {
                    if let Some(charts) = self.charts(days, offset) {
                        let _ = reply.send(charts);
                    }
                }
                Message::Flush(sender) => drop(sender.send(())),
                Message::Event(..) => {}
            }
        }
        Flow::Continue
    }

    fn enqueue(&mut self, at_ms: i64, event: Event) {
        if self.queue.len() >= self.tuning.queue_capacity {
            self.queue.pop_front();
            self.shared.lose(
                1,
                "more events wait than can be kept in memory; the oldest are dropped",
            );
        }
        self.queue.push_back((at_ms, event));
    }

    /// Writes what waits (or, with nothing waiting, makes sure the database is usable).
    fn attempt(&mut self) {
        match self.write_waiting() {
            Ok(()) => {
                self.retry = None;
                self.shared.healed();
                self.prune_if_due();
            }
            Err(message) => self.trouble(message),
        }
        self.shared.set_waiting(self.queue.len());
    }

    fn trouble(&mut self, message: String) {
        let delay = self
            .retry
            .as_ref()
            .map_or(self.tuning.first_retry, |retry| {
                retry.delay.saturating_mul(2).min(self.tuning.longest_retry)
            });
        let now = Instant::now();
        self.retry = Some(Retry {
            at: now.checked_add(delay).unwrap_or(now),
            delay,
        });
        self.shared.fault(message);
    }

    fn write_waiting(&mut self) -> Result<(), String> {
        // A damaged database is moved aside and a new one written at once; damaged
        // twice in a row, something else is wrong, and it waits for the next retry.
        for _ in 0..2 {
            self.look_at_the_file()?;
            let database = match self.database.take() {
                Some(database) => database,
                None => self.open()?,
            };
            let database = self.database.insert(database);
            if self.queue.is_empty() {
                return Ok(());
            }
            self.in_flight = self.queue.len();
            #[cfg(test)]
            self.tuning.faults.before_insert(&database.store);
            database.store.visit = self.visit;
            let written = database.store.insert(self.queue.make_contiguous());
            self.in_flight = 0;
            match written {
                Ok(()) => {
                    self.visit = database.store.visit;
                    self.queue.clear();
                    return Ok(());
                }
                Err(err) => match Fault::of(&err) {
                    Fault::Damaged => self.move_aside_open_database(&err.to_string())?,
                    Fault::Busy => return Err(self.cannot("write to", &err)),
                    Fault::Other => {
                        self.database = None;
                        return Err(self.cannot("write to", &err));
                    }
                },
            }
        }
        Err(format!(
            "the database was damaged again as soon as it was started anew: {}",
            self.path.display()
        ))
    }

    /// SQLite goes on writing to a file deleted or replaced under it, and caches
    /// enough not to notice garbage written over it: look before writing.
    fn look_at_the_file(&mut self) -> Result<(), String> {
        let Some(database) = &self.database else {
            return Ok(());
        };
        match look_at(&self.path, database.file) {
            AtPath::Ours => Ok(()),
            AtPath::Gone => {
                tracing::warn!(
                    "statistics: the database was deleted while in use; a new one is started: {}",
                    self.path.display()
                );
                self.close_orphaned();
                Ok(())
            }
            AtPath::Replaced => {
                tracing::warn!(
                    "statistics: the database was replaced by another file while in use; that file is used from now on: {}",
                    self.path.display()
                );
                self.close_orphaned();
                Ok(())
            }
            AtPath::NotADatabase => {
                self.move_aside_open_database("it does not begin as an SQLite database does")
            }
        }
    }

    /// Closes a connection whose file is no longer at the path. SQLite leaves its
    /// write-ahead log behind (it does not checkpoint into a moved file), and a stale
    /// log next to another database would be played into it: the log is removed if it
    /// is still ours. Its events belonged to the file that is gone.
    fn close_orphaned(&mut self) {
        let Some(database) = self.database.take() else {
            return;
        };
        let ours = database.wal;
        drop(database);
        let wal = companion(&self.path, "-wal");
        if ours.is_some() && file_id_at(&wal) == ours {
            let _ = std::fs::remove_file(&wal);
            let _ = std::fs::remove_file(companion(&self.path, "-shm"));
        }
    }

    fn move_aside_open_database(&mut self, why: &str) -> Result<(), String> {
        if let Some(database) = self.database.take() {
            // Closing must not write our cached pages into the damaged file that is kept.
            let _ = database
                .store
                .conn
                .set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true);
            drop(database);
        }
        self.move_aside(why)
    }

    fn move_aside(&self, why: &str) -> Result<(), String> {
        match move_aside(&self.path) {
            Ok(aside) => {
                tracing::warn!(
                    "statistics: the database is damaged ({why}); it is kept as {} and a new one is started: {}",
                    aside.display(),
                    self.path.display()
                );
                Ok(())
            }
            Err(err) => Err(format!(
                "the database is damaged ({why}) and cannot be moved aside ({err}): {}",
                self.path.display()
            )),
        }
    }

    fn open(&mut self) -> Result<Database, String> {
        let store = match Store::open_waiting(&self.path, self.tuning.busy_timeout) {
            Ok(store) => store,
            Err(err) if Fault::of(&err) == Fault::Damaged => {
                self.move_aside(&err.to_string())?;
                Store::open_waiting(&self.path, self.tuning.busy_timeout)
                    .map_err(|err| self.cannot("start", &err))?
            }
            Err(err) => return Err(self.cannot("open", &err)),
        };
        Ok(Database {
            store,
            file: file_id_at(&self.path),
            wal: file_id_at(&companion(&self.path, "-wal")),
        })
    }

    fn summary(&mut self, offset: time::UtcOffset) -> Option<Summary> {
        let database = self.database.as_ref()?;
        let read = database
            .store
            .summary(wall_ms(self.tuning.clock.as_ref()), offset);
        self.answer(read)
    }

    fn charts(&mut self, days: u32, offset: time::UtcOffset) -> Option<Charts> {
        let database = self.database.as_ref()?;
        let now = wall_ms(self.tuning.clock.as_ref());
        let read = database
            .store
            .last_days(days, now, offset)
            .and_then(|period| database.store.charts(period));
        self.answer(read)
    }

    /// A query's figures, or none with the fault noted as for a failed write.
    fn answer<T>(&mut self, read: rusqlite::Result<T>) -> Option<T> {
        match read {
            Ok(figures) => Some(figures),
            Err(err) => {
                let message = self.cannot("read", &err);
                self.after_error(&err);
                self.trouble(message);
                None
            }
        }
    }

    fn prune_if_due(&mut self) {
        let now = wall_ms(self.tuning.clock.as_ref());
        // A calendar set back (a clock corrected by hand) must not put pruning off.
        if self
            .pruned_at
            .is_some_and(|pruned| now.saturating_sub(pruned).abs() < PRUNE_EVERY_MS)
        {
            return;
        }
        let Some(database) = &self.database else {
            return;
        };
        match database.store.apply_retention(self.retention_days, now) {
            Ok(removed) => {
                self.pruned_at = Some(now);
                if removed > 0 {
                    tracing::info!(
                        "statistics: removed {removed} events older than {} days",
                        self.retention_days
                    );
                }
            }
            // Not urgent, and not worth a trouble: tried again in a day.
            Err(err) => {
                self.pruned_at = Some(now);
                tracing::warn!(
                    "statistics: {}",
                    self.cannot("remove old events from", &err)
                );
                self.after_error(&err);
            }
        }
    }

    /// What a failed read or prune leaves for the next attempt.
    fn after_error(&mut self, err: &rusqlite::Error) {
        match Fault::of(err) {
            Fault::Damaged => {
                // A failure to move it aside is met again, and reported, at the next try.
                let _ = self.move_aside_open_database(&err.to_string());
            }
            Fault::Busy => {}
            Fault::Other => self.database = None,
        }
    }

    fn cannot(&self, doing: &str, err: &rusqlite::Error) -> String {
        format!(
            "cannot {doing} the database ({err}): {}",
            self.path.display()
        )
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if !self.queue.is_empty() {
            self.shared.lose(
                count(self.queue.len()),
                "the statistics writer stopped with events not yet written",
            );
        }
    }
}

/// A file's identity: the same path may name another file after a delete or a rename.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct FileId {
    device: u64,
    inode: u64,
}

impl FileId {
    #[cfg(unix)]
    fn of(metadata: &std::fs::Metadata) -> Option<Self> {
        use std::os::unix::fs::MetadataExt as _;
        Some(Self {
            device: metadata.dev(),
            inode: metadata.ino(),
        })
    }

    #[cfg(not(unix))]
    fn of(_metadata: &std::fs::Metadata) -> Option<Self> {
        None
    }
}

fn file_id_at(path: &Path) -> Option<FileId> {
    std::fs::metadata(path)
        .ok()
        .and_then(|metadata| FileId::of(&metadata))
}

enum AtPath {
    /// The file the writer opened, still a database as far as its header goes.
    Ours,
    Gone,
    Replaced,
    /// The file the writer opened, with something else than a database written over it.
    NotADatabase,
}

fn look_at(path: &Path, opened: Option<FileId>) -> AtPath {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return AtPath::Gone,
        // Unreadable for us is no proof of anything: SQLite will say what is wrong.
        Err(_) => return AtPath::Ours,
    };
    let now = file
        .metadata()
        .ok()
        .and_then(|metadata| FileId::of(&metadata));
    if let (Some(opened), Some(now)) = (opened, now)
        && opened != now
    {
        return AtPath::Replaced;
    }
    // A database the writer opened has its header on disk from the start (WAL mode
    // is written into it), so a short or empty file is a damaged one too.
    let mut header = Vec::with_capacity(SQLITE_HEADER.len());
    match file.take(16).read_to_end(&mut header) {
        Ok(_) if header != SQLITE_HEADER => AtPath::NotADatabase,
        _ => AtPath::Ours,
    }
}

/// Renames the database (and its write-ahead log and shared memory, if any) to
/// `NAME.corrupt-YYYYMMDD-HHMMSS`, beside it, never over another file.
fn move_aside(path: &Path) -> std::io::Result<PathBuf> {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = format!("{name}.corrupt-{}", local_timestamp());
    let aside = std::iter::once(stem.clone())
        .chain((2..100).map(|n| format!("{stem}-{n}")))
        .map(|candidate| path.with_file_name(candidate))
        .find(|candidate| std::fs::symlink_metadata(candidate).is_err())
        .ok_or_else(|| std::io::Error::other(format!("too many files named {stem}")))?;
    std::fs::rename(path, &aside)?;
    for suffix in ["-wal", "-shm"] {
        let companion_path = companion(path, suffix);
        if companion_path.exists() {
            std::fs::rename(&companion_path, companion(&aside, suffix))?;
        }
    }
    Ok(aside)
}

/// `visits.sqlite` → `visits.sqlite-wal`: SQLite's names for a database's companions.
fn companion(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The local time as `YYYYMMDD-HHMMSS`, by SQLite, which keeps the statistics' days
/// in local time too.
fn local_timestamp() -> String {
    rusqlite::Connection::open_in_memory()
        .and_then(|conn| {
            conn.query_row(
                "SELECT strftime('%Y%m%d-%H%M%S', 'now', 'localtime')",
                [],
                |row| row.get::<_, String>(0),
            )
        })
        .unwrap_or_else(|_| {
            let since_epoch = SystemTime::now().duration_since(std::time::UNIX_EPOCH);
            since_epoch.map_or_else(|_| "0".to_owned(), |d| d.as_secs().to_string())
        })
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|text| (*text).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_owned())
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock leaves plain counters: still good to use.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn take_one(counter: &AtomicUsize) {
    let _ = counter.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1));
}

fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use rusqlite::Connection;

    use super::*;

    /// Faults a test injects into the writer, for what cannot be made to happen for
    /// real in a test (a full disk, a panic, a hung system call).
    #[derive(Default)]
    pub(super) struct Faults {
        /// The writer's connection may not grow the file (`max_page_count`): SQLite
        /// itself then answers "database or disk is full", as on a full disk.
        pub(super) disk_full: AtomicBool,
        /// The next write panics.
        pub(super) panic_on_insert: AtomicBool,
        /// The writer thread dies after its next step, outside its `catch_unwind`.
        pub(super) kill_writer: AtomicBool,
        /// Held by a test, it stops the writer before its next write, as a hung disk would.
        pub(super) hold: Mutex<()>,
        /// The writer has come to `hold`.
        pub(super) held: AtomicBool,
    }

    impl Faults {
        pub(super) fn before_insert(&self, store: &Store) {
            self.held.store(true, Ordering::SeqCst);
            drop(lock(&self.hold));
            self.held.store(false, Ordering::SeqCst);
            assert!(
                !self.panic_on_insert.swap(false, Ordering::SeqCst),
                "injected fault: a panic while writing"
            );
            if self.disk_full.load(Ordering::SeqCst) {
                // It cannot go below the file's size: the file may not grow.
                store.conn.pragma_update(None, "max_page_count", 1).unwrap();
            }
        }
    }

    /// The tests' events are at small times (1970): retention must keep them.
    const KEEP_ALL: u32 = 100 * 366;

    /// Short waits, so that a test of a fault takes milliseconds.
    fn quick() -> Tuning {
        Tuning {
            busy_timeout: Duration::from_millis(20),
            first_retry: Duration::from_millis(5),
            longest_retry: Duration::from_millis(20),
            restart_after: Duration::ZERO,
            ..Tuning::default()
        }
    }

    fn opened(exhibit: &str) -> Event {
        Event::ExhibitOpened {
            exhibit: exhibit.into(),
        }
    }

    /// The times of the events in the database at `path`, read by a connection of the
    /// test's own.
    fn written(path: &Path) -> Vec<i64> {
        let conn = Connection::open(path).unwrap();
        let mut statement = conn
            .prepare("SELECT at_ms FROM events ORDER BY at_ms")
            .unwrap();
        statement
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    /// The damaged databases moved aside in `dir` (not their logs).
    fn set_aside(dir: &Path) -> Vec<PathBuf> {
        let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| {
                let name = path.file_name().unwrap().to_string_lossy();
                name.contains(".corrupt-") && !name.ends_with("-wal") && !name.ends_with("-shm")
            })
            .collect();
        found.sort();
        found
    }

    /// The one database moved aside in `dir`, asserted to be kept as it was found:
    /// `junk`, without the writer's cached pages written into it.
    fn moved_aside_as_found(dir: &Path, junk: &[u8]) -> PathBuf {
        let aside = set_aside(dir);
        assert_eq!(aside.len(), 1, "{aside:?}");
        assert_eq!(std::fs::read(&aside[0]).unwrap(), junk);
        aside[0].clone()
    }

    fn garbage(len: usize) -> Vec<u8> {
        let mut rng = fastrand::Rng::with_seed(1921);
        (0..len).map(|_| rng.u8(..)).collect()
    }

    /// Polls until `done`; the limit only turns a writer that never gets there into a
    /// failure instead of a hang.
    fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
        for _ in 0..6_000 {
            if done() {
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        panic!("never happened: {what}");
    }

    fn is_ok(health: &Health) -> bool {
        matches!(health, Health::Ok { .. })
    }

    fn trouble(health: Health) -> (String, usize, u64) {
        match health {
            Health::Trouble {
                message,
                waiting,
                events_lost,
                ..
            } => (message, waiting, events_lost),
            other => panic!("expected trouble, got {other:?}"),
        }
    }

    /// The log lines of this test's thread and of the writer threads it starts.
    #[derive(Clone, Default)]
    struct Log(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Log {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            lock(&self.0).extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Log {
        fn capture() -> (Self, tracing::subscriber::DefaultGuard) {
            // While a single subscriber exists, tracing asks only the current thread's
            // whether anyone listens at a call site, and keeps the answer: another
            // test's thread, without one, would answer "no" for this one. A second
            // subscriber, kept for good, makes tracing ask them all.
            static SECOND: std::sync::OnceLock<tracing::Dispatch> = std::sync::OnceLock::new();
            SECOND.get_or_init(|| {
                tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default())
            });
            let log = Self::default();
            let writer = log.clone();
            let subscriber = tracing_subscriber::fmt()
                .with_writer(move || writer.clone())
                .with_ansi(false)
                .without_time()
                .finish();
            (log, tracing::subscriber::set_default(subscriber))
        }

        fn lines(&self) -> Vec<String> {
            String::from_utf8_lossy(&lock(&self.0))
                .lines()
                .map(str::to_owned)
                .collect()
        }

        fn warnings(&self) -> Vec<String> {
            String::from_utf8_lossy(&lock(&self.0))
                .lines()
                .filter(|line| line.contains("WARN"))
                .map(str::to_owned)
                .collect()
        }
    }

    #[test]
    fn the_writer_thread_writes_and_answers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data/v.sqlite");
        let analytics = Analytics::start(path.clone(), 365, Arc::new(SystemClock::default()));
        analytics.record(Event::VisitStarted {
            language: "zh".into(),
        });
        analytics.record(opened("a"));
        analytics.flush();
        let summary = analytics
            .request_summary(time::UtcOffset::UTC)
            .unwrap()
            .recv()
            .unwrap();
        assert_eq!(summary.visits_today, 1);
        assert_eq!(analytics.health(), Health::Ok { events_lost: 0 });
        drop(analytics);
        assert_eq!(Store::open(&path).unwrap().count().unwrap(), 2);
        assert_eq!(set_aside(&dir.path().join("data")), [] as [PathBuf; 0]);
    }

    /// A kiosk that is never restarted still deletes old events, once a day by its
    /// own calendar.
    #[test]
    fn old_events_are_deleted_once_a_day_by_the_kiosks_calendar() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.sqlite");
        let clock = crate::clock::ManualClock::default();
        let analytics = Analytics::start(path.clone(), 2, Arc::new(clock.clone()));
        let day = Duration::from_secs(86_400);
        for _ in 0..5 {
            analytics.record(opened("a"));
            analytics.flush();
            clock.advance(day);
        }
        // Five events a day apart, and the last prune on the fifth day: those older
        // than two days then are gone.
        let store = Store::open(&path).unwrap();
        assert_eq!(store.count().unwrap(), 3);
        // A day with nothing, then one more event: what is older than two days goes.
        clock.advance(day);
        analytics.record(opened("a"));
        analytics.flush();
        assert_eq!(store.count().unwrap(), 2);
    }

    #[test]
    fn a_database_deleted_while_in_use_is_started_anew() {
        let (log, _guard) = Log::capture();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("visits.sqlite");
        let analytics = Analytics::start_tuned(path.clone(), KEEP_ALL, quick());
        analytics.record_at(1, opened("a"));
        analytics.record_at(2, opened("a"));
        analytics.flush();
        std::fs::remove_file(&path).unwrap();
        analytics.record_at(3, opened("b"));
        analytics.flush();
        assert_eq!(written(&path), [3]);
        analytics.record_at(4, opened("b"));
        analytics.flush();
        assert_eq!(written(&path), [3, 4]);
        assert_eq!(analytics.health(), Health::Ok { events_lost: 0 });
        let warnings = log.warnings();
        assert_eq!(warnings.len(), 1, "{warnings:#?}");
        assert!(
            warnings[0].contains("deleted while in use"),
            "{warnings:#?}"
        );
    }

    #[test]
    fn a_data_folder_deleted_while_in_use_is_made_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data/visits.sqlite");
        let analytics = Analytics::start_tuned(path.clone(), KEEP_ALL, quick());
        analytics.record_at(1, opened("a"));
        analytics.flush();
        std::fs::remove_dir_all(dir.path().join("data")).unwrap();
        analytics.record_at(2, opened("b"));
        analytics.flush();
        assert_eq!(written(&path), [2]);
        assert_eq!(analytics.health(), Health::Ok { events_lost: 0 });
    }

    #[test]
    fn garbage_written_over_the_database_is_moved_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("visits.sqlite");
        let analytics = Analytics::start_tuned(path.clone(), KEEP_ALL, quick());
        analytics.record_at(1, opened("a"));
        analytics.flush();
        let junk = garbage(8192);
        std::fs::write(&path, &junk).unwrap();
        analytics.record_at(2, opened("b"));
        analytics.flush();
        assert_eq!(written(&path), [2]);
        let aside = moved_aside_as_found(dir.path(), &junk);
        let name = aside.file_name().unwrap().to_string_lossy().into_owned();
        let stamp = name.strip_prefix("visits.sqlite.corrupt-").unwrap();
        assert!(
            stamp.len() == 15
                && stamp.chars().enumerate().all(|(i, c)| if i == 8 {
                    c == '-'
                } else {
                    c.is_ascii_digit()
                }),
            "{name}"
        );
        assert_eq!(analytics.health(), Health::Ok { events_lost: 0 });
    }

    #[test]
    fn garbage_renamed_over_the_database_is_moved_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("visits.sqlite");
        let analytics = Analytics::start_tuned(path.clone(), KEEP_ALL, quick());
        analytics.record_at(1, opened("a"));
        analytics.flush();
        let junk = garbage(8192);
        let elsewhere = dir.path().join("junk");
        std::fs::write(&elsewhere, &junk).unwrap();
        std::fs::rename(&elsewhere, &path).unwrap();
        analytics.record_at(2, opened("b"));
        analytics.flush();
        assert_eq!(written(&path), [2]);
        moved_aside_as_found(dir.path(), &junk);
        assert_eq!(analytics.health(), Health::Ok { events_lost: 0 });
    }

    #[test]
    fn a_damaged_database_at_start_is_moved_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("visits.sqlite");
        let junk = garbage(4096);
        std::fs::write(&path, &junk).unwrap();
        let analytics = Analytics::start_tuned(path.clone(), KEEP_ALL, quick());
        analytics.record_at(1, opened("a"));
        analytics.flush();
        assert_eq!(written(&path), [1]);
        moved_aside_as_found(dir.path(), &junk);
        assert_eq!(analytics.health(), Health::Ok { events_lost: 0 });
    }

    /// A backup put back in place while the kiosk runs: written to from then on, and
    /// the old file's write-ahead log, left behind by SQLite, is not played into it.
    #[test]
    fn a_database_replaced_while_in_use_is_used_from_then_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("visits.sqlite");
        let analytics = Analytics::start_tuned(path.clone(), KEEP_ALL, quick());
        analytics.record_at(1, opened("a"));
        analytics.flush();
        let backup = dir.path().join("backup.sqlite");
        Store::open(&backup)
            .unwrap()
            .insert(&[(100, opened("old"))])
            .unwrap();
        std::fs::rename(&backup, &path).unwrap();
        analytics.record_at(200, opened("b"));
        analytics.flush();
        assert_eq!(written(&path), [100, 200]);
        assert_eq!(analytics.health(), Health::Ok { events_lost: 0 });
    }

    #[test]
    fn a_locked_database_keeps_events_until_the_lock_goes() {
        let (log, _guard) = Log::capture();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("visits.sqlite");
        let analytics = Analytics::start_tuned(path.clone(), KEEP_ALL, quick());
        analytics.flush();
        let locker = Connection::open(&path).unwrap();
        locker.execute_batch("BEGIN EXCLUSIVE").unwrap();
        for at in 1..=3 {
            analytics.record_at(at, opened("a"));
        }
        analytics.flush();
        let (message, waiting, events_lost) = trouble(analytics.health());
        assert!(message.contains("database is locked"), "{message}");
        assert_eq!((waiting, events_lost), (3, 0));
        assert_eq!(written(&path), [] as [i64; 0]);
        locker.execute_batch("COMMIT").unwrap();
        // No flush: the writer tries again by itself.
        wait_until("written after the lock", || is_ok(&analytics.health()));
        assert_eq!(written(&path), [1, 2, 3]);
        let warnings = log.warnings();
        assert_eq!(warnings.len(), 1, "{warnings:#?}");
    }

    #[test]
    fn beyond_the_queue_the_oldest_events_are_dropped_and_counted() {
        let (log, _guard) = Log::capture();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("visits.sqlite");
        let tuning = Tuning {
            queue_capacity: 100,
            ..quick()
        };
        let analytics = Analytics::start_tuned(path.clone(), KEEP_ALL, tuning);
        analytics.flush();
        let locker = Connection::open(&path).unwrap();
        locker.execute_batch("BEGIN EXCLUSIVE").unwrap();
        for at in 1..=150 {
            analytics.record_at(at, opened("a"));
        }
        analytics.flush();
        let (_, waiting, events_lost) = trouble(analytics.health());
        assert_eq!((waiting, events_lost), (100, 50));
        locker.execute_batch("COMMIT").unwrap();
        wait_until("written after the lock", || is_ok(&analytics.health()));
        assert_eq!(written(&path), (51..=150).collect::<Vec<_>>());
        assert_eq!(analytics.health(), Health::Ok { events_lost: 50 });
        // Once for the lock, once for the first event dropped: not once per event.
        let warnings = log.warnings();
        assert_eq!(warnings.len(), 2, "{warnings:#?}");
    }

    #[test]
    fn a_full_disk_keeps_events_until_there_is_room() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("visits.sqlite");
        let tuning = quick();
        let faults = Arc::clone(&tuning.faults);
        let analytics = Analytics::start_tuned(path.clone(), KEEP_ALL, tuning);
        analytics.record_at(0, opened("a"));
        analytics.flush();
        faults.disk_full.store(true, Ordering::SeqCst);
        // More than the free room in the file's pages.
        for at in 1..=500 {
            analytics.record_at(at, opened("a"));
        }
        analytics.flush();
        let (message, _, events_lost) = trouble(analytics.health());
        assert!(message.contains("database or disk is full"), "{message}");
        assert_eq!(events_lost, 0);
        faults.disk_full.store(false, Ordering::SeqCst);
        wait_until("written after the disk has room", || {
            is_ok(&analytics.health())
        });
        assert_eq!(written(&path), (0..=500).collect::<Vec<_>>());
    }

    #[test]
    fn a_panic_while_writing_drops_that_batch_and_the_writer_carries_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("visits.sqlite");
        let tuning = quick();
        let faults = Arc::clone(&tuning.faults);
        let analytics = Analytics::start_tuned(path.clone(), KEEP_ALL, tuning);
        analytics.flush();
        faults.panic_on_insert.store(true, Ordering::SeqCst);
        analytics.record_at(1, opened("a"));
        analytics.flush();
        analytics.record_at(2, opened("b"));
        analytics.flush();
        assert_eq!(written(&path), [2]);
        assert_eq!(analytics.health(), Health::Ok { events_lost: 1 });
    }

    #[test]
    fn a_summary_asked_while_the_writer_panics_is_answered_or_closed() {
        let dir = tempfile::tempdir().unwrap();
        let tuning = quick();
        let faults = Arc::clone(&tuning.faults);
        let analytics = Analytics::start_tuned(dir.path().join("visits.sqlite"), KEEP_ALL, tuning);
        analytics.flush();
        faults.panic_on_insert.store(true, Ordering::SeqCst);
        analytics.record(opened("a"));
        let answer = analytics.request_summary(time::UtcOffset::UTC).unwrap();
        // The app polls an open request at 10 Hz: it must end.
        assert!(!matches!(
            answer.recv_timeout(Duration::from_secs(60)),
            Err(RecvTimeoutError::Timeout)
        ));
        analytics.record(opened("b"));
        let later = analytics.request_summary(time::UtcOffset::UTC).unwrap();
        assert_eq!(
            later
                .recv_timeout(Duration::from_secs(60))
                .unwrap()
                .exhibits_today,
            1
        );
    }

    #[test]
    fn a_writer_thread_that_died_is_started_again() {
        let (log, _guard) = Log::capture();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("visits.sqlite");
        let tuning = quick();
        tuning.faults.kill_writer.store(true, Ordering::SeqCst);
        let analytics = Analytics::start_tuned(path.clone(), KEEP_ALL, tuning);
        // The writer writes the first event, then dies.
        analytics.record_at(1, opened("a"));
        analytics.flush();
        // This one may go to the dying writer: then it is counted as lost.
        analytics.record_at(2, opened("a"));
        analytics.flush();
        analytics.record_at(3, opened("a"));
        analytics.flush();
        let at = written(&path);
        assert!(
            at.contains(&1) && at.contains(&3),
            "{at:?} {:#?}",
            log.lines()
        );
        let Health::Ok { events_lost } = analytics.health() else {
            panic!("{:?}", analytics.health());
        };
        assert_eq!(count(at.len()) + events_lost, 3);
        assert!(
            log.warnings()
                .iter()
                .any(|line| line.contains("starting it again")),
            "{:#?}",
            log.warnings()
        );
        let summary = analytics.request_summary(time::UtcOffset::UTC).unwrap();
        assert!(summary.recv_timeout(Duration::from_secs(60)).is_ok());
    }

    #[test]
    fn events_beyond_the_channel_limit_while_the_writer_hangs_are_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("visits.sqlite");
        let tuning = Tuning {
            channel_limit: 10,
            ..quick()
        };
        let faults = Arc::clone(&tuning.faults);
        let analytics = Analytics::start_tuned(path.clone(), KEEP_ALL, tuning);
        analytics.flush();
        let hold = lock(&faults.hold);
        analytics.record_at(0, opened("a"));
        wait_until("the writer hangs", || faults.held.load(Ordering::SeqCst));
        for at in 1..=30 {
            analytics.record_at(at, opened("a"));
        }
        let (message, _, events_lost) = trouble(analytics.health());
        assert!(message.contains("not keeping up"), "{message}");
        assert_eq!(events_lost, 20);
        drop(hold);
        analytics.flush();
        assert_eq!(written(&path), (0..=10).collect::<Vec<_>>());
        assert_eq!(analytics.health(), Health::Ok { events_lost: 20 });
    }
}
