#include <iostream>

#include "mapi_emu/cli/commands.h"

int main(int argc, char** argv) {
  return mapi_emu::cli::RunCli(mapi_emu::cli::Args(argv, argv + argc), std::cout, std::cerr);
}
