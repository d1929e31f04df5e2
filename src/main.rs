fn main() -> std::process::ExitCode {
    wuyi::cli::main()
}
