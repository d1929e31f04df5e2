//! The console the program runs in. On Windows, office staff start
//! `wuyi.exe` from Explorer — by double-clicking it or dropping files on it —
//! and Windows opens a console window just for it, which closes the moment
//! the program ends. There the program waits for a key before it ends, so
//! the summary can be read. Chinese text reaches the console whole: the
//! standard library writes to a Windows console with `WriteConsoleW`, and
//! the output code page is set to UTF-8 for the run (and put back after) so
//! that programs reading a pipe in the same console decode it too.
//!
//! Elsewhere this is all a no-op.

use wuyi_report::i18n::Lang;

/// What was changed about the console for this run, put back by
/// [`Session::finish`] (or on drop).
#[derive(Debug, Default)]
pub struct Session {
    /// The output code page before the run, when it was changed.
    restore_code_page: Option<u32>,
    finished: bool,
}

impl Session {
    /// Prepares the console: UTF-8 output on Windows.
    pub fn start() -> Session {
        Session {
            restore_code_page: imp::set_utf8_output(),
            finished: false,
        }
    }

    /// Ends the run: when the program has a console window of its own
    /// (started from Explorer), waits for a key so the window stays open,
    /// then restores the console.
    pub fn finish(mut self, lang: Lang) {
        if should_wait(imp::processes_on_console(), imp::stdin_is_console()) {
            let prompt = lang.pick(
                "按任意键关闭此窗口……",
                "Press any key to close this window…",
            );
            eprintln!();
            eprintln!("{prompt}");
            imp::wait_for_key();
        }
        self.restore();
        self.finished = true;
    }

    fn restore(&mut self) {
        if let Some(cp) = self.restore_code_page.take() {
            imp::set_output_code_page(cp);
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if !self.finished {
            self.restore();
        }
    }
}

/// Whether to hold the window open: only when this program is the only one
/// on its console (Windows made the console for it, so it is a window of
/// its own that would vanish) and a person can answer (input is the
/// console, not a file or a pipe). Run from cmd.exe or PowerShell, the
/// shell shares the console and nothing waits.
pub fn should_wait(processes_on_console: Option<u32>, stdin_is_console: bool) -> bool {
    processes_on_console == Some(1) && stdin_is_console
}

#[cfg(windows)]
mod imp {
    use windows_sys::Win32::System::Console::{
        FlushConsoleInputBuffer, GetConsoleMode, GetConsoleOutputCP, GetConsoleProcessList,
        GetStdHandle, INPUT_RECORD, KEY_EVENT, ReadConsoleInputW, STD_INPUT_HANDLE,
        SetConsoleOutputCP,
    };

    const CP_UTF8: u32 = 65001;

    /// Sets the console's output code page to UTF-8; the old one, when it
    /// was changed.
    pub fn set_utf8_output() -> Option<u32> {
        // SAFETY: plain Win32 calls on the process's own console; they fail
        // harmlessly (returning 0) when there is no console.
        unsafe {
            let old = GetConsoleOutputCP();
            if old == 0 || old == CP_UTF8 {
                return None;
            }
            (SetConsoleOutputCP(CP_UTF8) != 0).then_some(old)
        }
    }

    pub fn set_output_code_page(cp: u32) {
        // SAFETY: as above.
        unsafe {
            SetConsoleOutputCP(cp);
        }
    }

    /// How many processes share this console; `None` without one.
    pub fn processes_on_console() -> Option<u32> {
        let mut ids = [0u32; 8];
        // SAFETY: the buffer and its length match.
        let n = unsafe { GetConsoleProcessList(ids.as_mut_ptr(), ids.len() as u32) };
        (n > 0).then_some(n)
    }

    pub fn stdin_is_console() -> bool {
        let mut mode = 0u32;
        // SAFETY: GetConsoleMode only writes `mode`; it fails for a handle
        // that is not a console (a file, a pipe, none).
        unsafe {
            let h = GetStdHandle(STD_INPUT_HANDLE);
            !h.is_null() && GetConsoleMode(h, &mut mode) != 0
        }
    }

    /// Waits until a key is pressed (not released), ignoring mouse and
    /// window events and whatever was typed before.
    pub fn wait_for_key() {
        // SAFETY: `record` is a plain-data struct the call fills; the union
        // field read is the one `EventType` says is there.
        unsafe {
            let h = GetStdHandle(STD_INPUT_HANDLE);
            FlushConsoleInputBuffer(h);
            loop {
                let mut record: INPUT_RECORD = std::mem::zeroed();
                let mut read = 0u32;
                if ReadConsoleInputW(h, &mut record, 1, &mut read) == 0 || read == 0 {
                    return;
                }
                if u32::from(record.EventType) == KEY_EVENT && record.Event.KeyEvent.bKeyDown != 0 {
                    return;
                }
            }
        }
    }
}

#[cfg(not(windows))]
mod imp {
    pub fn set_utf8_output() -> Option<u32> {
        None
    }

    pub fn set_output_code_page(_cp: u32) {}

    pub fn processes_on_console() -> Option<u32> {
        None
    }

    pub fn stdin_is_console() -> bool {
        false
    }

    pub fn wait_for_key() {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_only_in_a_window_of_its_own_with_a_person_at_it() {
        // Started from Explorer: alone on a console Windows made for it.
        assert!(should_wait(Some(1), true));
        // From cmd.exe or PowerShell: the shell shares the console.
        assert!(!should_wait(Some(2), true));
        // Input from a file or pipe (a script, a test): nobody to press a key.
        assert!(!should_wait(Some(1), false));
        // No console at all.
        assert!(!should_wait(None, false));
    }
}
