//! Work that may take seconds — grading an answer, running a learner's SQL under its
//! time limit — done on a thread of its own, so that the screen keeps drawing and
//! answering keys meanwhile. The screen polls the job on every tick.

use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::thread;

pub struct Job<T> {
    rx: Receiver<T>,
}

/// What polling a job found.
pub enum Poll<T> {
    Running,
    Done(T),
    /// The work ended without a result (it panicked).
    Lost,
}

impl<T: Send + 'static> Job<T> {
    pub fn spawn(work: impl FnOnce() -> T + Send + 'static) -> Job<T> {
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            // The receiver may be gone (the learner quit); the result is then not needed.
            let _ = tx.send(work());
        });
        Job { rx }
    }

    pub fn poll(&self) -> Poll<T> {
        match self.rx.try_recv() {
            Ok(value) => Poll::Done(value),
            Err(TryRecvError::Empty) => Poll::Running,
            Err(TryRecvError::Disconnected) => Poll::Lost,
        }
    }
}
