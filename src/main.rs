fn main() -> std::process::ExitCode {
    xinghuo::memory::return_large_blocks();
    xinghuo::cli::main()
}
