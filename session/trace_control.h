// Switching the trace of libmapi_emu on and off from a program that links
// it. The library keeps its own trace::TraceRecorder (its C++ symbols are
// not exported), so a client's TraceRecorder::Global() is not the one the
// subsystem records through: these exported functions are the way in.
// Declared here until they join mapiemu.h; libmapi_emu exports them (MAPI*).
// Thread-safe; recording starts and stops between events.
#ifndef MAPI_EMU_SESSION_TRACE_CONTROL_H_
#define MAPI_EMU_SESSION_TRACE_CONTROL_H_

#include <ostream>

#include "mapix.h"

#define MAPIEMU_TRACE_DETERMINISTIC 0 /* no t_us; spooler steps where the scenario puts them */
#define MAPIEMU_TRACE_THREADED 1      /* each event has t_us */

/* Records the process's MAPI boundaries into lpPath (created or truncated)
 * from now on, replacing any earlier trace. MAPI_E_NOT_FOUND when the file
 * cannot be created, MAPI_E_UNKNOWN_FLAGS for another mode. */
MAPI_EMU_STDAPI MAPIEmuTraceToFile(const char* lpPath, ULONG ulMode);
/* The same into *lpStream, which must outlive the trace (until MAPIEmuTraceStop). */
MAPI_EMU_STDAPI MAPIEmuTraceToStream(std::ostream* lpStream, ULONG ulMode);
/* Stops recording, flushes and closes the trace. S_OK also when none was on. */
MAPI_EMU_STDAPI MAPIEmuTraceStop(void);

#endif  // MAPI_EMU_SESSION_TRACE_CONTROL_H_
