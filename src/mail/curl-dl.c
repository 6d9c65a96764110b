/* libcurl, loaded when a message is first sent rather than when the program
 * starts: linking it (and with it GnuTLS, Kerberos, LDAP, libssh2...) cost
 * every `appeal write` several milliseconds of loading and relocation for a
 * library only `appeal send` uses. These are the few curl functions
 * mail/smtp.c calls, each forwarding to the real one; when libcurl cannot be
 * loaded, curl_easy_init() and curl_url() return NULL and smtp.c reports
 * that it cannot start. Thread-safe: the library is opened once. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>

#include <curl/curl.h>

/* curl.h wraps these two in type-checking macros under GCC. */
#undef curl_easy_setopt
#undef curl_easy_getinfo

/* The sonames Debian's libcurl flavours install, the one built against first. */
static const char *const sonames[] = {"libcurl-gnutls.so.4", "libcurl.so.4", "libcurl-nss.so.4"};

typedef void (*any_fn)(void);

static struct {
	CURLU *(*url)(void);
	CURLUcode (*url_set)(CURLU *, CURLUPart, const char *, unsigned int);
	CURLUcode (*url_get)(CURLU *, CURLUPart, char **, unsigned int);
	void (*url_cleanup)(CURLU *);
	void (*free)(void *);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	CURLcode (*easy_perform)(CURL *);
	void (*easy_cleanup)(CURL *);
	const char *(*easy_strerror)(CURLcode);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
} api;

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void *find(void *lib, const char *name)
{
	return dlsym(lib, name);
}

static void load(void)
{
	void *lib = NULL;

	for (size_t i = 0; i < sizeof(sonames) / sizeof(sonames[0]) && !lib; i++)
		lib = dlopen(sonames[i], RTLD_NOW | RTLD_LOCAL);
	if (!lib)
		return;
	/* A missing symbol leaves its pointer NULL; the two entry points are
	 * taken only when every one is there. */
	*(void **)&api.url_set = find(lib, "curl_url_set");
	*(void **)&api.url_get = find(lib, "curl_url_get");
	*(void **)&api.url_cleanup = find(lib, "curl_url_cleanup");
	*(void **)&api.free = find(lib, "curl_free");
	*(void **)&api.easy_setopt = find(lib, "curl_easy_setopt");
	*(void **)&api.easy_getinfo = find(lib, "curl_easy_getinfo");
	*(void **)&api.easy_perform = find(lib, "curl_easy_perform");
	*(void **)&api.easy_cleanup = find(lib, "curl_easy_cleanup");
	*(void **)&api.easy_strerror = find(lib, "curl_easy_strerror");
	*(void **)&api.slist_append = find(lib, "curl_slist_append");
	*(void **)&api.slist_free_all = find(lib, "curl_slist_free_all");
	if (api.url_set && api.url_get && api.url_cleanup && api.free && api.easy_setopt && api.easy_getinfo &&
	    api.easy_perform && api.easy_cleanup && api.easy_strerror && api.slist_append && api.slist_free_all) {
		*(void **)&api.url = find(lib, "curl_url");
		*(void **)&api.easy_init = find(lib, "curl_easy_init");
	}
}

static void ready(void)
{
	pthread_once(&once, load);
}

CURLU *curl_url(void)
{
	ready();
	return api.url ? api.url() : NULL;
}

CURLUcode curl_url_set(CURLU *u, CURLUPart what, const char *part, unsigned int flags)
{
	ready();
	return api.url_set(u, what, part, flags);
}

CURLUcode curl_url_get(CURLU *u, CURLUPart what, char **part, unsigned int flags)
{
	ready();
	return api.url_get(u, what, part, flags);
}

void curl_url_cleanup(CURLU *u)
{
	ready();
	api.url_cleanup(u);
}

void curl_free(void *p)
{
	ready();
	if (api.free)
		api.free(p);
}

CURL *curl_easy_init(void)
{
	ready();
	return api.easy_init ? api.easy_init() : NULL;
}

/* Every option takes one argument whose type its number tells. */
CURLcode curl_easy_setopt(CURL *c, CURLoption option, ...)
{
	va_list ap;
	CURLcode rc;

	ready();
	va_start(ap, option);
	if (option < CURLOPTTYPE_OBJECTPOINT)
		rc = api.easy_setopt(c, option, va_arg(ap, long));
	else if (option < CURLOPTTYPE_FUNCTIONPOINT)
		rc = api.easy_setopt(c, option, va_arg(ap, void *));
	else if (option < CURLOPTTYPE_OFF_T)
		rc = api.easy_setopt(c, option, va_arg(ap, any_fn));
	else if (option < CURLOPTTYPE_BLOB)
		rc = api.easy_setopt(c, option, va_arg(ap, curl_off_t));
	else
		rc = api.easy_setopt(c, option, va_arg(ap, void *));
	va_end(ap);
	return rc;
}

/* Every piece of information is written through one pointer. */
CURLcode curl_easy_getinfo(CURL *c, CURLINFO info, ...)
{
	va_list ap;
	CURLcode rc;

	ready();
	va_start(ap, info);
	rc = api.easy_getinfo(c, info, va_arg(ap, void *));
	va_end(ap);
	return rc;
}

CURLcode curl_easy_perform(CURL *c)
{
	ready();
	return api.easy_perform(c);
}

void curl_easy_cleanup(CURL *c)
{
	ready();
	api.easy_cleanup(c);
}

const char *curl_easy_strerror(CURLcode rc)
{
	ready();
	return api.easy_strerror ? api.easy_strerror(rc) : "libcurl could not be loaded";
}

struct curl_slist *curl_slist_append(struct curl_slist *list, const char *s)
{
	ready();
	return api.slist_append(list, s);
}

void curl_slist_free_all(struct curl_slist *list)
{
	ready();
	if (api.slist_free_all)
		api.slist_free_all(list);
}
