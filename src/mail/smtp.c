#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "mail/smtp.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/i18n.h"

struct smtp {
	CURL *curl;
	char errbuf[CURL_ERROR_SIZE];
	/* the server's answers, as they come */
	struct buf reply;
	bool reply_done;
	unsigned long replies;
	char last_cmd[8];
	bool closing;
	/* the message going out */
	const char *data;
	size_t len, pos;
	bool ended;
	unsigned long replies_at_end;
	int (*at_end)(void *);
	void *ctx;
};

/* Keeps the server's last answer (lines "250-..." then "250 ...") and the
 * verb of the last command; what the client sends is otherwise not kept,
 * so credentials never land in memory here. */
static int on_debug(CURL *c, curl_infotype type, char *data, size_t size, void *user)
{
	struct smtp *s = user;
	(void)c;

	if (type == CURLINFO_HEADER_OUT) {
		char verb[8];
		size_t n = 0;
		while (n < size && n < sizeof(verb) - 1 && data[n] >= 'A' && data[n] <= 'Z')
			n++;
		memcpy(verb, data, n);
		verb[n] = '\0';
		/* The answer to a failed command stays, not the goodbye after it. */
		s->closing = strcmp(verb, "QUIT") == 0 || strcmp(verb, "RSET") == 0;
		if (!s->closing)
			memcpy(s->last_cmd, verb, n + 1);
		return 0;
	}
	if (type != CURLINFO_HEADER_IN || s->closing)
		return 0;
	const char *p = data, *end = data + size;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		size_t k = n;
		while (k > 0 && (p[k - 1] == '\r' || p[k - 1] == '\n'))
			k--;
		if (s->reply_done) {
			buf_clear(&s->reply);
			s->reply_done = false;
		}
		if (k > 0) {
			if (s->reply.len)
				buf_addc(&s->reply, ' ');
			/* "250-first" "250 last": the code once, the words of every line. */
			size_t skip = s->reply.len && k >= 4 ? 4 : 0;
			if (s->reply.len < 2000)
				buf_add(&s->reply, p + skip, k - skip);
			if (k == 3 || (k >= 4 && p[3] == ' ')) {
				s->reply_done = true;
				s->replies++;
			}
		}
		p += nl ? n + 1 : n;
	}
	return 0;
}

/* Marks the end: every byte of the message is handed over, only the
 * end-of-data mark (after which the server may accept) is left. libcurl
 * may not ask again once it has the announced size, so this runs when the
 * last piece is handed over. */
static bool end_reached(struct smtp *s)
{
	if (s->ended)
		return true;
	s->ended = true;
	s->replies_at_end = s->replies;
	return !(s->at_end && s->at_end(s->ctx));
}

static size_t on_read(char *out, size_t size, size_t nmemb, void *user)
{
	struct smtp *s = user;
	size_t room = size * nmemb, n = s->len - s->pos;

	if (n > room)
		n = room;
	if (s->pos + n == s->len && !end_reached(s))
		return CURL_READFUNC_ABORT;
	memcpy(out, s->data + s->pos, n);
	s->pos += n;
	return n;
}

static bool url_part(const char *url, CURLUPart part, char **out)
{
	CURLU *u = curl_url();
	*out = NULL;
	if (!u)
		return false;
	bool ok = curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK;
	if (ok && curl_url_get(u, part, out, 0) != CURLUE_OK)
		*out = NULL;
	curl_url_cleanup(u);
	return ok;
}

bool smtp_url_is_local(const char *url)
{
	char *host = NULL;
	bool local = false;

	if (url_part(url, CURLUPART_HOST, &host) && host)
		local = strcasecmp(host, "localhost") == 0 || strncmp(host, "127.", 4) == 0 || strcmp(host, "[::1]") == 0;
	curl_free(host);
	return local;
}

struct smtp *smtp_new(const struct smtp_options *o, struct appeal_error *err)
{
	bool smtps = o->url && strncasecmp(o->url, "smtps://", 8) == 0;
	char *password = NULL, *host = NULL;

	if (!o->url || (!smtps && strncasecmp(o->url, "smtp://", 7) != 0)) {
		err_set(err, APPEAL_EINVAL, _("the server '%s' is not an smtp:// or smtps:// address"), o->url ? o->url : "");
		err_hint(err, _("e.g. --smtp smtp://mail.example.org:587 (STARTTLS) or smtps://mail.example.org:465"));
		return NULL;
	}
	if (!url_part(o->url, CURLUPART_HOST, &host) || !host) {
		curl_free(host);
		err_set(err, APPEAL_EINVAL, _("the server address '%s' cannot be read"), o->url);
		err_hint(err, _("e.g. --smtp smtp://mail.example.org:587"));
		return NULL;
	}
	curl_free(host);
	url_part(o->url, CURLUPART_PASSWORD, &password);
	if (password) {
		curl_free(password);
		err_set(err, APPEAL_EINVAL, _("the server address holds a password"));
		err_hint(err, _("a password on the command line is seen by every user of the machine; put it in a file "
		                "(--password-file) or in $APPEAL_SMTP_PASSWORD"));
		return NULL;
	}
	if (smtps && o->plaintext) {
		err_set(err, APPEAL_EINVAL, _("smtps:// is TLS from the start; --no-tls contradicts it"));
		return NULL;
	}
	if (o->plaintext && o->password && !smtp_url_is_local(o->url)) {
		err_set(err, APPEAL_EINVAL, _("a password would cross the network unencrypted (--no-tls)"));
		err_hint(err, _("use STARTTLS (smtp://, the default) or smtps://; --no-tls is for a relay on this machine"));
		return NULL;
	}
	struct smtp *s = calloc(1, sizeof(*s));
	if (!s || !(s->curl = curl_easy_init())) {
		free(s);
		err_set(err, APPEAL_ENOMEM, _("cannot start libcurl"));
		return NULL;
	}
	CURL *c = s->curl;
	curl_easy_setopt(c, CURLOPT_URL, o->url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, s->errbuf);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, on_read);
	curl_easy_setopt(c, CURLOPT_READDATA, s);
	curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, on_debug);
	curl_easy_setopt(c, CURLOPT_DEBUGDATA, s);
	curl_easy_setopt(c, CURLOPT_VERBOSE, 1L); /* only to reach on_debug; nothing is printed */
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, o->timeout > 0 ? o->timeout : 120L);
	if (!o->plaintext)
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (o->ca_file)
		curl_easy_setopt(c, CURLOPT_CAINFO, o->ca_file);
	if (o->user)
		curl_easy_setopt(c, CURLOPT_USERNAME, o->user);
	if (o->password)
		curl_easy_setopt(c, CURLOPT_PASSWORD, o->password);
	return s;
}

void smtp_free(struct smtp *s)
{
	if (!s)
		return;
	if (s->curl)
		curl_easy_cleanup(s->curl);
	buf_free(&s->reply);
	free(s);
}

static bool is_refusal(long code)
{
	/* 421: the server closes the session; 530: it wants a login first.
	 * Neither is about one message. */
	return code >= 400 && code < 600 && code != 421 && code != 530;
}

enum smtp_result smtp_send(struct smtp *s, const char *from, char *const *rcpt, size_t nrcpt, const char *data,
                           size_t len, int (*at_end)(void *ctx), void *ctx, const char **reply,
                           struct appeal_error *err)
{
	struct curl_slist *list = NULL;
	char addr[300];
	long code = 0;

	for (size_t i = 0; i < nrcpt; i++) {
		snprintf(addr, sizeof(addr), "<%s>", rcpt[i]);
		struct curl_slist *l = curl_slist_append(list, addr);
		if (!l) {
			curl_slist_free_all(list);
			err_nomem(err);
			return SMTP_FATAL;
		}
		list = l;
	}
	snprintf(addr, sizeof(addr), "<%s>", from);
	curl_easy_setopt(s->curl, CURLOPT_MAIL_FROM, addr);
	curl_easy_setopt(s->curl, CURLOPT_MAIL_RCPT, list);
	curl_easy_setopt(s->curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	s->data = data;
	s->len = len;
	s->pos = 0;
	s->ended = false;
	s->at_end = at_end;
	s->ctx = ctx;
	s->errbuf[0] = '\0';
	s->last_cmd[0] = '\0';
	s->closing = false;
	buf_clear(&s->reply);
	s->reply_done = false;
	CURLcode rc = curl_easy_perform(s->curl);
	if (s->reply.len >= 3 && s->reply.data[0] >= '2' && s->reply.data[0] <= '5')
		code = strtol(s->reply.data, NULL, 10);
	else
		curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_setopt(s->curl, CURLOPT_MAIL_RCPT, NULL);
	curl_slist_free_all(list);
	*reply = s->reply.data && !s->reply.failed ? s->reply.data : "";
	if (rc == CURLE_OK)
		return SMTP_OK;

	const char *why = s->errbuf[0] ? s->errbuf : curl_easy_strerror(rc);
	if (s->ended && rc == CURLE_ABORTED_BY_CALLBACK)
		return SMTP_FATAL; /* the journal could not record it: the caller set err */
	if (s->ended) {
		/* All of it went. An answer after that is the server's verdict;
		 * no answer leaves the message's fate unknown. */
		if (s->replies > s->replies_at_end && is_refusal(code))
			return SMTP_REFUSED;
		err_set(err, APPEAL_EIO, _("the connection failed after the message was sent, before the server "
		                           "answered (%s); it may have been delivered"),
		        why);
		err_hint(err, _("the next run sends it again with the same Message-ID, so a duplicate can be recognised"));
		return SMTP_UNCERTAIN;
	}
	bool in_message = strcmp(s->last_cmd, "MAIL") == 0 || strcmp(s->last_cmd, "RCPT") == 0 ||
	                  strcmp(s->last_cmd, "DATA") == 0;
	if (in_message && is_refusal(code) && (rc == CURLE_SEND_ERROR || rc == CURLE_WEIRD_SERVER_REPLY ||
	                                       rc == CURLE_RECV_ERROR))
		return SMTP_REFUSED;
	if (rc == CURLE_LOGIN_DENIED) {
		err_set(err, APPEAL_EIO, _("the server refused the login: %s"), *reply[0] ? *reply : why);
		err_hint(err, _("check --user and the password (--password-file or $APPEAL_SMTP_PASSWORD)"));
	} else if (rc == CURLE_USE_SSL_FAILED) {
		err_set(err, APPEAL_EIO, _("the server does not offer STARTTLS: %s"), why);
		err_hint(err, _("try smtps://HOST:465; --no-tls only for a relay on this machine"));
	} else if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE ||
	           rc == CURLE_SSL_CONNECT_ERROR) {
		err_set(err, APPEAL_EIO, _("TLS with the server failed: %s"), why);
		err_hint(err, _("a server with its own certificate authority needs --cacert FILE"));
	} else if (code == 530) {
		err_set(err, APPEAL_EIO, _("the server wants a login first: %s"), *reply);
		err_hint(err, _("give the account with --user NAME, the password in a file (--password-file) or in "
		                "$APPEAL_SMTP_PASSWORD"));
	} else if (*reply[0] && code >= 400) {
		err_set(err, APPEAL_EIO, _("the server stopped the session: %s"), *reply);
		err_hint(err, _("run the same command again later: what was sent is in the journal"));
	} else {
		err_set(err, APPEAL_EIO, _("cannot reach the mail server: %s"), why);
		err_hint(err, _("check --smtp (host and port: 587 for STARTTLS, 465 for smtps://)"));
	}
	return SMTP_FATAL;
}
