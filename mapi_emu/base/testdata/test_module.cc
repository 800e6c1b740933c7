// A tiny shared library for shared_library_test: one exported function, and a
// global whose destructor reports the real unload of the library.
namespace {
int* g_unloaded = nullptr;
struct UnloadWitness {
  ~UnloadWitness() {
    if (g_unloaded != nullptr) *g_unloaded = 1;
  }
} g_witness;
}  // namespace

#if defined(_WIN32)
#define TEST_MODULE_EXPORT __declspec(dllexport)
#else
#define TEST_MODULE_EXPORT __attribute__((visibility("default")))
#endif

extern "C" TEST_MODULE_EXPORT int TestModuleAnswer() { return 42; }
extern "C" TEST_MODULE_EXPORT void TestModuleWatchUnload(int* flag) { g_unloaded = flag; }
