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

extern "C" __attribute__((visibility("default"))) int TestModuleAnswer() { return 42; }
extern "C" __attribute__((visibility("default"))) void TestModuleWatchUnload(int* flag) {
  g_unloaded = flag;
}
