#include "mapi_emu/base/platform.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <random>
#include <system_error>
#include <utility>

#include "absl/strings/str_cat.h"

#if defined(_WIN32)
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#else
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;
#endif

namespace mapi_emu {
namespace {

#if defined(_WIN32)
std::wstring Widen(std::string_view s) {
  if (s.empty()) return std::wstring();
  const int n = MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), nullptr, 0);
  std::wstring w(static_cast<size_t>(n), L'\0');
  MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), w.data(), n);
  return w;
}

// Appends `arg` to a command line so that the C runtime's parser in the child
// (CommandLineToArgvW's rules) gives it back unchanged: backslashes are
// literal except in front of a quote, where they are doubled.
void AppendArgument(std::wstring& command, const std::wstring& arg) {
  if (!command.empty()) command += L' ';
  if (!arg.empty() && arg.find_first_of(L" \t\n\v\"") == std::wstring::npos) {
    command += arg;
    return;
  }
  command += L'"';
  for (auto it = arg.begin();; ++it) {
    size_t backslashes = 0;
    while (it != arg.end() && *it == L'\\') {
      ++it;
      ++backslashes;
    }
    if (it == arg.end()) {
      command.append(backslashes * 2, L'\\');
      break;
    }
    if (*it == L'"') {
      command.append(backslashes * 2 + 1, L'\\');
    } else {
      command.append(backslashes, L'\\');
    }
    command += *it;
  }
  command += L'"';
}

// A handle the child inherits as its standard output or error.
HANDLE CreateOutputFile(const std::filesystem::path& path) {
  SECURITY_ATTRIBUTES inherit = {sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
  return CreateFileW(path.wstring().c_str(), GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                     &inherit, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
}
#endif

}  // namespace

std::string PathText(const std::filesystem::path& p) {
  const std::u8string u = p.u8string();
  return std::string(u.begin(), u.end());
}

std::filesystem::path PathFromUtf8(std::string_view utf8) {
  return std::filesystem::path(std::u8string(utf8.begin(), utf8.end()));
}

void SetEnv(std::string_view name, std::string_view value) {
#if defined(_WIN32)
  // _putenv_s changes the C runtime's copy, which getenv() reads in every
  // module sharing msvcrt.dll, and the process environment children inherit.
  _putenv_s(std::string(name).c_str(), std::string(value).c_str());
#else
  setenv(std::string(name).c_str(), std::string(value).c_str(), 1);
#endif
}

void UnsetEnv(std::string_view name) {
#if defined(_WIN32)
  _putenv_s(std::string(name).c_str(), "");
#else
  unsetenv(std::string(name).c_str());
#endif
}

unsigned long CurrentProcessId() {
#if defined(_WIN32)
  return GetCurrentProcessId();
#else
  return static_cast<unsigned long>(getpid());
#endif
}

std::string SystemErrorText(unsigned long code) {
#if defined(_WIN32)
  LPSTR buffer = nullptr;
  const DWORD n = FormatMessageA(
      FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
      nullptr, static_cast<DWORD>(code), 0, reinterpret_cast<LPSTR>(&buffer), 0, nullptr);
  std::string text = n > 0 ? std::string(buffer, n) : std::string("unknown error");
  if (buffer != nullptr) LocalFree(buffer);
  while (!text.empty() &&
         (text.back() == '\n' || text.back() == '\r' || text.back() == ' ' || text.back() == '.')) {
    text.pop_back();
  }
#else
  std::string text = std::strerror(static_cast<int>(code));
#endif
  return absl::StrCat(text, " (error ", code, ")");
}

absl::StatusOr<std::filesystem::path> LoadedSystemLibraryPath() {
#if defined(_WIN32)
  wchar_t buffer[MAX_PATH];
  const DWORD n = GetModuleFileNameW(GetModuleHandleW(L"kernel32.dll"), buffer, MAX_PATH);
  if (n == 0 || n == MAX_PATH) {
    return absl::NotFoundError(
        absl::StrCat("no path for kernel32.dll: ", SystemErrorText(GetLastError())));
  }
  return std::filesystem::path(std::wstring(buffer, n));
#else
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&std::terminate), &info) == 0 || info.dli_fname == nullptr) {
    return absl::NotFoundError("dladdr cannot name the library std::terminate is in");
  }
  return std::filesystem::absolute(info.dli_fname);
#endif
}

absl::StatusOr<std::filesystem::path> MakeTempDirectory(std::string_view prefix) {
  std::error_code ec;
  const std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
  if (ec) return absl::InternalError(absl::StrCat("no temporary directory: ", ec.message()));
#if defined(_WIN32)
  // No mkdtemp: create_directory fails on a name that exists, which makes a
  // random name as safe, if not as private (the directory inherits the
  // temporary directory's ACL, which is the user's own on Windows).
  static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::random_device seed;
  std::mt19937 random(seed());
  std::uniform_int_distribution<size_t> pick(0, sizeof(kChars) - 2);
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string name(prefix);
    for (int i = 0; i < 6; ++i) name += kChars[pick(random)];
    const std::filesystem::path candidate = dir / name;
    if (std::filesystem::create_directory(candidate, ec)) return candidate;
    if (ec) {
      return absl::InternalError(absl::StrCat("cannot make a temporary directory ",
                                              PathText(candidate), ": ", ec.message()));
    }
  }
  return absl::InternalError(absl::StrCat("cannot make a temporary directory in ", PathText(dir),
                                          ": every name tried exists"));
#else
  std::string pattern = PathText(dir / (std::string(prefix) + "XXXXXX"));
  if (mkdtemp(pattern.data()) == nullptr) {
    return absl::InternalError(absl::StrCat("cannot make a temporary directory ", pattern, ": ",
                                            SystemErrorText(static_cast<unsigned long>(errno))));
  }
  return std::filesystem::path(pattern);
#endif
}

absl::Status ReplaceFile(const std::filesystem::path& from, const std::filesystem::path& to) {
#if defined(_WIN32)
  DWORD error = ERROR_SUCCESS;
  for (int attempt = 0; attempt < 200; ++attempt) {
    if (MoveFileExW(from.c_str(), to.c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
      return absl::OkStatus();
    }
    error = GetLastError();
    if (error != ERROR_ACCESS_DENIED && error != ERROR_SHARING_VIOLATION) break;
    Sleep(attempt < 10 ? 1 : 5);
  }
  return absl::InternalError(absl::StrCat("cannot rename '", PathText(from), "' to '", PathText(to),
                                          "': ", SystemErrorText(error)));
#else
  std::error_code ec;
  std::filesystem::rename(from, to, ec);
  if (ec) {
    return absl::InternalError(absl::StrCat("cannot rename '", PathText(from), "' to '",
                                            PathText(to), "': ", ec.message()));
  }
  return absl::OkStatus();
#endif
}

absl::StatusOr<Program> StartProgram(const std::vector<std::string>& argv,
                                     const std::filesystem::path& out,
                                     const std::filesystem::path& err) {
  if (argv.empty()) return absl::InvalidArgumentError("StartProgram: no program");
  Program program(argv[0]);
#if defined(_WIN32)
  std::wstring command;
  for (const std::string& arg : argv) AppendArgument(command, Widen(arg));
  HANDLE out_handle = CreateOutputFile(out);
  HANDLE err_handle = CreateOutputFile(err);
  const DWORD open_error = GetLastError();
  if (out_handle == INVALID_HANDLE_VALUE || err_handle == INVALID_HANDLE_VALUE) {
    if (out_handle != INVALID_HANDLE_VALUE) CloseHandle(out_handle);
    if (err_handle != INVALID_HANDLE_VALUE) CloseHandle(err_handle);
    return absl::InternalError(absl::StrCat("cannot create the output files of ", argv[0], ": ",
                                            SystemErrorText(open_error)));
  }
  STARTUPINFOW startup = {};
  startup.cb = sizeof(startup);
  startup.dwFlags = STARTF_USESTDHANDLES;
  startup.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
  startup.hStdOutput = out_handle;
  startup.hStdError = err_handle;
  PROCESS_INFORMATION process = {};
  const BOOL started =
      CreateProcessW(Widen(argv[0]).c_str(), command.data(), nullptr, nullptr,
                     /*bInheritHandles=*/TRUE, 0, nullptr, nullptr, &startup, &process);
  const DWORD start_error = GetLastError();
  CloseHandle(out_handle);
  CloseHandle(err_handle);
  if (!started) {
    return absl::InternalError(
        absl::StrCat("cannot start ", argv[0], ": ", SystemErrorText(start_error)));
  }
  CloseHandle(process.hThread);
  program.process_ = process.hProcess;
#else
  std::vector<std::string> text = argv;
  std::vector<char*> args;
  for (std::string& arg : text) args.push_back(arg.data());
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid = 0;
  const int spawn_error = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawn_error != 0) {
    return absl::InternalError(absl::StrCat(
        "cannot start ", argv[0], ": ", SystemErrorText(static_cast<unsigned long>(spawn_error))));
  }
  program.pid_ = pid;
#endif
  return program;
}

Program::Program(Program&& other) noexcept : name_(std::move(other.name_)), waited_(other.waited_) {
#if defined(_WIN32)
  process_ = std::exchange(other.process_, nullptr);
#else
  pid_ = std::exchange(other.pid_, -1);
#endif
  other.waited_ = true;
}

Program::~Program() {
  if (!waited_) (void)Wait();
#if defined(_WIN32)
  if (process_ != nullptr) CloseHandle(static_cast<HANDLE>(process_));
#endif
}

void Program::Kill() {
  if (waited_) return;
#if defined(_WIN32)
  TerminateProcess(static_cast<HANDLE>(process_), 137);
#else
  kill(pid_, SIGKILL);
#endif
}

absl::StatusOr<int> Program::Wait() {
  if (waited_) return absl::FailedPreconditionError(absl::StrCat(name_, " was waited for already"));
  waited_ = true;
#if defined(_WIN32)
  HANDLE process = static_cast<HANDLE>(process_);
  DWORD code = 0;
  if (WaitForSingleObject(process, INFINITE) != WAIT_OBJECT_0 ||
      !GetExitCodeProcess(process, &code)) {
    return absl::InternalError(
        absl::StrCat("cannot wait for ", name_, ": ", SystemErrorText(GetLastError())));
  }
  return static_cast<int>(code);
#else
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0) {
    if (errno != EINTR) {
      return absl::InternalError(absl::StrCat("cannot wait for ", name_, ": ",
                                              SystemErrorText(static_cast<unsigned long>(errno))));
    }
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
#endif
}

absl::StatusOr<int> RunProgram(const std::vector<std::string>& argv,
                               const std::filesystem::path& out, const std::filesystem::path& err) {
  absl::StatusOr<Program> program = StartProgram(argv, out, err);
  if (!program.ok()) return program.status();
  return program->Wait();
}

absl::StatusOr<std::filesystem::path> CurrentProgramPath() {
#if defined(_WIN32)
  std::wstring path(MAX_PATH, L'\0');
  for (;;) {
    const DWORD n = GetModuleFileNameW(nullptr, path.data(), static_cast<DWORD>(path.size()));
    if (n == 0) {
      return absl::NotFoundError(
          absl::StrCat("this program's path: ", SystemErrorText(GetLastError())));
    }
    if (n < path.size()) {
      path.resize(n);
      return std::filesystem::path(path);
    }
    path.resize(path.size() * 2);
  }
#else
  std::error_code ec;
  std::filesystem::path path = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return absl::NotFoundError(absl::StrCat("this program's path: ", ec.message()));
  return path;
#endif
}

}  // namespace mapi_emu
