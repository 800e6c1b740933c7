/*
 * mapiemu.h -- mapi_emu's own additions to the exported API. Not part of
 * Windows MAPI: a provider never needs them; a test or a scenario uses them
 * to drive what Outlook's MAPI does on its own.
 *
 * libmapi_emu exports every function declared here.
 */
#ifndef MAPIEMU_H
#define MAPIEMU_H

#include "mapix.h"

/* ---- The spooler's steps ------------------------------------------------------
 * A mail session's spooler works on its own thread by default. With
 * MAPI_EMU_SPOOLER=deterministic it never does: each step runs when
 * MAPIEmuSpoolerStep asks for it, on the caller's thread, so a run is the
 * same every time. The call is allowed in both modes. */
#define MAPIEMU_SPOOLER_SEND_ONE 1    /* send the oldest message ready in an outgoing queue */
#define MAPIEMU_SPOOLER_SEND_ALL 2    /* send until no message is ready */
#define MAPIEMU_SPOOLER_RECEIVE_ONE 3 /* poll the transports; deliver one inbound message */
#define MAPIEMU_SPOOLER_RECEIVE_ALL 4 /* deliver inbound mail until none is waiting */
#define MAPIEMU_SPOOLER_FLUSH 5       /* the flush protocol on every transport */
#define MAPIEMU_SPOOLER_IDLE 6        /* IXPLogon::Idle for transports that asked (LOGON_SP_IDLE) */
#define MAPIEMU_SPOOLER_ALL 7         /* send all, receive all, Idle when there was nothing */

typedef struct _MAPIEMU_SPOOLER_COUNTS {
  ULONG ulSent;     /* messages finished (FinishedMsg) after a transport sent them */
  ULONG ulNdr;      /* non-delivery reports made */
  ULONG ulDeferred; /* messages left queued for later (BUSY, WAIT, NETWORK_ERROR, resend) */
  ULONG ulReceived; /* inbound messages saved into the receive folder */
  ULONG ulUnlocked; /* queued messages whose stale lock was undone */
} MAPIEMU_SPOOLER_COUNTS, FAR* LPMAPIEMU_SPOOLER_COUNTS;

/* Runs one step of the spooler of lpSession (a session MAPILogonEx gave).
 * lpCounts (may be NULL) receives what the step did. Returns S_OK,
 * MAPI_E_INVALID_PARAMETER for a session this process's MAPI did not make,
 * MAPI_E_NO_SUPPORT for a MAPI_NO_MAIL session (it has no spooler),
 * MAPI_E_UNKNOWN_FLAGS for an unknown step, MAPI_E_INVALID_OBJECT after the
 * session logged off. */
MAPI_EMU_STDAPI MAPIEmuSpoolerStep(LPMAPISESSION lpSession, ULONG ulStep,
                                   LPMAPIEMU_SPOOLER_COUNTS lpCounts);

/* ---- Traces ---------------------------------------------------------------------
 * libmapi_emu records every call across the client<->MAPI and MAPI<->provider
 * boundaries into a trace (docs/trace-format.md) while one is on:
 * MAPI_EMU_TRACE=path in the environment, or these functions. */
#define MAPIEMU_TRACE_DETERMINISTIC 0 /* no t_us: the same run gives the same bytes */
#define MAPIEMU_TRACE_THREADED 1      /* each event has t_us */

/* Records into lpPath (created or truncated) from now on, replacing any
 * earlier trace. MAPI_E_INVALID_PARAMETER for a NULL path, MAPI_E_NOT_FOUND
 * when the file cannot be created, MAPI_E_UNKNOWN_FLAGS for another mode. */
MAPI_EMU_STDAPI MAPIEmuTraceToFile(const char* lpPath, ULONG ulMode);
/* Stops recording, flushes and closes the trace. S_OK also when none was on. */
MAPI_EMU_STDAPI MAPIEmuTraceStop(void);
/* Writes a note of the client's own into the trace: {"ev":"note","what":
 * lpszWhat, ...the members of lpszJsonFields}. lpszWhat must start with
 * "client." (the subsystem's notes have other names); lpszJsonFields is a JSON
 * object or NULL for none. `mapi_emu run` writes its script this way
 * ("client.scenario", "client.step"), which `mapi_emu replay` reads back.
 * S_FALSE when no trace is on; MAPI_E_INVALID_PARAMETER for another name or
 * text that is not a JSON object. */
MAPI_EMU_STDAPI MAPIEmuTraceNote(const char* lpszWhat, const char* lpszJsonFields);

/* ---- MAPI's own messages ----------------------------------------------------------
 * What MAPI reports as it works -- a broken rule of the lifecycle contract, a
 * double or foreign MAPIFreeBuffer, a call it ignores -- goes to standard
 * error. A client or test harness can also have each message handed to a
 * function of its own: on Windows that is its only way to read them, as
 * mapi_emu.dll keeps its logging to itself. */
#define MAPIEMU_LOG_INFO 2
#define MAPIEMU_LOG_WARNING 3
#define MAPIEMU_LOG_ERROR 4

/* Called on the thread that reports, with the level, the message (UTF-8,
 * valid during the call only) and the context given to MAPIEmuSetLogCallback.
 * It must not call MAPI. */
typedef void(STDAPICALLTYPE MAPIEMULOGCALLBACK)(LPVOID lpContext, ULONG ulLevel,
                                               const char* lpszMessage);
typedef MAPIEMULOGCALLBACK FAR* LPMAPIEMULOGCALLBACK;

/* Hands every later message (MAPIEMU_LOG_INFO and above) to lpfnLog as well
 * as to standard error, replacing any earlier callback; NULL stops. Set it
 * before other threads use MAPI. S_OK. */
MAPI_EMU_STDAPI MAPIEmuSetLogCallback(LPMAPIEMULOGCALLBACK lpfnLog, LPVOID lpContext);

/* ---- Playback --------------------------------------------------------------------
 * `mapi_emu replay --playback` stands in for providers from a recorded trace
 * (docs/replay.md). Its stand-in provider library (providers/playback), loaded
 * by MAPI under the recorded libraries' names, reaches the player through this
 * process-wide slot: the player sets it before the run and clears it after.
 * The pointer is opaque to MAPI, which never calls through it. */
MAPI_EMU_STDAPI_(void) MAPIEmuSetPlaybackHost(LPVOID lpHost);
MAPI_EMU_STDAPI_(LPVOID) MAPIEmuGetPlaybackHost(void);

#ifdef __cplusplus
#include <ostream>
/* The same as MAPIEmuTraceToFile into *lpStream, which must outlive the trace
 * (until MAPIEmuTraceStop). C++ only. */
MAPI_EMU_STDAPI MAPIEmuTraceToStream(std::ostream* lpStream, ULONG ulMode);
#endif

#endif /* MAPIEMU_H */
