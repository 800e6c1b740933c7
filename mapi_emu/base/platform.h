// Platform: the process-level facilities whose POSIX and Windows forms
// differ -- environment variables, temporary directories, process ids and
// running a program -- for the subsystem, the command line and the tests.
// Provider libraries do not use this (they see only the SDK). Loading
// libraries is SharedLibrary's (shared_library.h).
// The environment functions change process-wide state: call them from one
// thread while no other thread reads the environment.
#ifndef MAPI_EMU_BASE_PLATFORM_H_
#define MAPI_EMU_BASE_PLATFORM_H_

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace mapi_emu {

// `p` as UTF-8 text, for file names that are names (profiles) and for
// messages. On Windows path::string() converts through the ANSI code page.
std::string PathText(const std::filesystem::path& p);
// The path whose name is the UTF-8 text `utf8`: PathText's inverse.
std::filesystem::path PathFromUtf8(std::string_view utf8);

// Sets environment variable `name` to `value`, replacing any value, so that
// getenv() in this process and every library in it sees it. On Windows an
// empty `value` removes the variable (the C runtime cannot hold one that is
// set but empty); everything in mapi_emu treats empty and unset alike.
void SetEnv(std::string_view name, std::string_view value);

// Removes environment variable `name`; nothing happens when it is not set.
void UnsetEnv(std::string_view name);

// This process's id (getpid() / GetCurrentProcessId()).
unsigned long CurrentProcessId();

// The system's text for error `code` (an errno value on POSIX, a
// GetLastError() value on Windows), with the number: "Access denied (error 5)".
std::string SystemErrorText(unsigned long code);

// The absolute path of a system library that every process has loaded and
// that has no MAPI entry points (the C++ runtime's shared library on POSIX,
// kernel32.dll on Windows); kNotFound when the system cannot say.
absl::StatusOr<std::filesystem::path> LoadedSystemLibraryPath();

// Makes a new, empty directory `<prefix>XXXXXX` (six random characters) in
// the system's temporary directory and returns its absolute path; the caller
// removes it. kInternal naming the pattern when none can be made.
absl::StatusOr<std::filesystem::path> MakeTempDirectory(std::string_view prefix);

// Renames `from` over `to` in one step (a reader sees the old file or the
// new one). On Windows a target that another thread or process has open, or
// is replacing at the same moment, refuses the rename for a while
// (ERROR_ACCESS_DENIED / ERROR_SHARING_VIOLATION): retried for up to about a
// second before it fails. kInternal naming both paths and the reason.
absl::Status ReplaceFile(const std::filesystem::path& from, const std::filesystem::path& to);

// A program StartProgram started. Wait for it or Kill it; destroying a
// Program that was neither waits for it.
class Program {
 public:
  Program(Program&& other) noexcept;
  Program& operator=(Program&&) = delete;
  Program(const Program&) = delete;
  ~Program();

  // Ends the program at once, unannounced, as a crash would (SIGKILL;
  // TerminateProcess with exit code 137, which is what POSIX reports as
  // 128 + SIGKILL). Wait still has to be called.
  void Kill();
  // Waits for the program to end and returns its exit code; a POSIX program
  // killed by signal N gives 128 + N. kInternal naming the program when the
  // system cannot say.
  absl::StatusOr<int> Wait();

 private:
  friend absl::StatusOr<Program> StartProgram(const std::vector<std::string>& argv,
                                              const std::filesystem::path& out,
                                              const std::filesystem::path& err);
  explicit Program(std::string name) : name_(std::move(name)) {}

  std::string name_;
  bool waited_ = false;
#if defined(_WIN32)
  void* process_ = nullptr;  // HANDLE
#else
  int pid_ = -1;
#endif
};

// Starts the program `argv[0]` (a path; never searched for) with arguments
// `argv[1..]` and this process's environment, its standard output and error
// written to the files `out` and `err` (created or truncated). kInternal when
// it cannot be started, naming the program and the system's reason.
absl::StatusOr<Program> StartProgram(const std::vector<std::string>& argv,
                                     const std::filesystem::path& out,
                                     const std::filesystem::path& err);

// StartProgram, then Program::Wait.
absl::StatusOr<int> RunProgram(const std::vector<std::string>& argv,
                               const std::filesystem::path& out, const std::filesystem::path& err);

// The absolute path of this process's program (/proc/self/exe;
// GetModuleFileNameW); kNotFound when the system cannot say.
absl::StatusOr<std::filesystem::path> CurrentProgramPath();

}  // namespace mapi_emu

#endif  // MAPI_EMU_BASE_PLATFORM_H_
