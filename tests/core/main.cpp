// Catch2's main for the core suite, the same source built natively and with em++ (run under node).
#ifdef __EMSCRIPTEN__
#define CATCH_CONFIG_NO_POSIX_SIGNALS  // no signal handling in wasm
#endif
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
