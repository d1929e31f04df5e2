fn main() -> std::process::ExitCode {
    // A worker process, reading files for a batch (see `wuyi::worker`).
    if std::env::args_os().nth(1).as_deref() == Some(std::ffi::OsStr::new(wuyi::worker::SUBCOMMAND))
    {
        return wuyi::worker::serve();
    }
    wuyi::worker::enable();
    wuyi::cli::main()
}
