/* libmicrohttpd, loaded when `appeal serve` starts rather than when the
 * program does: linked, it cost every `appeal write` its loading and
 * relocation (with GnuTLS) for a library only the server uses. These are
 * the functions serve_http.c and serve_work.c call, each forwarding to the
 * real one; when the library cannot be loaded MHD_start_daemon() returns
 * NULL and the server says it cannot start. Thread-safe: opened once. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>

#include <microhttpd.h>

static struct {
	struct MHD_Daemon *(*start_daemon_va)(unsigned int, uint16_t, MHD_AcceptPolicyCallback, void *,
	                                      MHD_AccessHandlerCallback, void *, va_list);
	const union MHD_DaemonInfo *(*get_daemon_info)(struct MHD_Daemon *, enum MHD_DaemonInfoType, ...);
	MHD_socket (*quiesce_daemon)(struct MHD_Daemon *);
	void (*stop_daemon)(struct MHD_Daemon *);
	struct MHD_Response *(*create_response_from_buffer)(size_t, void *, enum MHD_ResponseMemoryMode);
	enum MHD_Result (*add_response_header)(struct MHD_Response *, const char *, const char *);
	enum MHD_Result (*queue_response)(struct MHD_Connection *, unsigned int, struct MHD_Response *);
	void (*destroy_response)(struct MHD_Response *);
	const char *(*lookup_connection_value)(struct MHD_Connection *, enum MHD_ValueKind, const char *);
	struct MHD_PostProcessor *(*create_post_processor)(struct MHD_Connection *, size_t, MHD_PostDataIterator,
	                                                   void *);
	enum MHD_Result (*post_process)(struct MHD_PostProcessor *, const char *, size_t);
	enum MHD_Result (*destroy_post_processor)(struct MHD_PostProcessor *);
	void (*suspend_connection)(struct MHD_Connection *);
	void (*resume_connection)(struct MHD_Connection *);
	size_t (*http_unescape)(char *);
} api;

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
	void *lib = dlopen("libmicrohttpd.so.12", RTLD_NOW | RTLD_LOCAL);
	void *start;

	if (!lib)
		return;
	*(void **)&api.get_daemon_info = dlsym(lib, "MHD_get_daemon_info");
	*(void **)&api.quiesce_daemon = dlsym(lib, "MHD_quiesce_daemon");
	*(void **)&api.stop_daemon = dlsym(lib, "MHD_stop_daemon");
	*(void **)&api.create_response_from_buffer = dlsym(lib, "MHD_create_response_from_buffer");
	*(void **)&api.add_response_header = dlsym(lib, "MHD_add_response_header");
	*(void **)&api.queue_response = dlsym(lib, "MHD_queue_response");
	*(void **)&api.destroy_response = dlsym(lib, "MHD_destroy_response");
	*(void **)&api.lookup_connection_value = dlsym(lib, "MHD_lookup_connection_value");
	*(void **)&api.create_post_processor = dlsym(lib, "MHD_create_post_processor");
	*(void **)&api.post_process = dlsym(lib, "MHD_post_process");
	*(void **)&api.destroy_post_processor = dlsym(lib, "MHD_destroy_post_processor");
	*(void **)&api.suspend_connection = dlsym(lib, "MHD_suspend_connection");
	*(void **)&api.resume_connection = dlsym(lib, "MHD_resume_connection");
	*(void **)&api.http_unescape = dlsym(lib, "MHD_http_unescape");
	start = dlsym(lib, "MHD_start_daemon_va");
	/* The server starts only when every function is there. */
	if (api.get_daemon_info && api.quiesce_daemon && api.stop_daemon && api.create_response_from_buffer &&
	    api.add_response_header && api.queue_response && api.destroy_response && api.lookup_connection_value &&
	    api.create_post_processor && api.post_process && api.destroy_post_processor && api.suspend_connection &&
	    api.resume_connection && api.http_unescape)
		*(void **)&api.start_daemon_va = start;
}

struct MHD_Daemon *MHD_start_daemon(unsigned int flags, uint16_t port, MHD_AcceptPolicyCallback apc, void *apc_cls,
                                    MHD_AccessHandlerCallback dh, void *dh_cls, ...)
{
	struct MHD_Daemon *d = NULL;
	va_list ap;

	pthread_once(&once, load);
	if (!api.start_daemon_va)
		return NULL;
	va_start(ap, dh_cls);
	d = api.start_daemon_va(flags, port, apc, apc_cls, dh, dh_cls, ap);
	va_end(ap);
	return d;
}

/* The two pieces of information the server asks for take no argument. */
const union MHD_DaemonInfo *MHD_get_daemon_info(struct MHD_Daemon *daemon, enum MHD_DaemonInfoType info_type, ...)
{
	return api.get_daemon_info(daemon, info_type);
}

MHD_socket MHD_quiesce_daemon(struct MHD_Daemon *daemon)
{
	return api.quiesce_daemon(daemon);
}

void MHD_stop_daemon(struct MHD_Daemon *daemon)
{
	api.stop_daemon(daemon);
}

struct MHD_Response *MHD_create_response_from_buffer(size_t size, void *buffer, enum MHD_ResponseMemoryMode mode)
{
	return api.create_response_from_buffer(size, buffer, mode);
}

enum MHD_Result MHD_add_response_header(struct MHD_Response *response, const char *header, const char *content)
{
	return api.add_response_header(response, header, content);
}

enum MHD_Result MHD_queue_response(struct MHD_Connection *connection, unsigned int status_code,
                                   struct MHD_Response *response)
{
	return api.queue_response(connection, status_code, response);
}

void MHD_destroy_response(struct MHD_Response *response)
{
	api.destroy_response(response);
}

const char *MHD_lookup_connection_value(struct MHD_Connection *connection, enum MHD_ValueKind kind, const char *key)
{
	return api.lookup_connection_value(connection, kind, key);
}

struct MHD_PostProcessor *MHD_create_post_processor(struct MHD_Connection *connection, size_t buffer_size,
                                                    MHD_PostDataIterator iter, void *iter_cls)
{
	return api.create_post_processor(connection, buffer_size, iter, iter_cls);
}

enum MHD_Result MHD_post_process(struct MHD_PostProcessor *pp, const char *post_data, size_t post_data_len)
{
	return api.post_process(pp, post_data, post_data_len);
}

enum MHD_Result MHD_destroy_post_processor(struct MHD_PostProcessor *pp)
{
	return api.destroy_post_processor(pp);
}

void MHD_suspend_connection(struct MHD_Connection *connection)
{
	api.suspend_connection(connection);
}

void MHD_resume_connection(struct MHD_Connection *connection)
{
	api.resume_connection(connection);
}

size_t MHD_http_unescape(char *val)
{
	return api.http_unescape(val);
}
