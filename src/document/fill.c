/* Fill: a letter, a language and a signer become a document of text blocks.
 * Signer values are validated here, once, so later stages can trust them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document/document.h"
#include "util/buf.h"
#include "util/error.h"
#include "letter/letter.h"
#include "lang/typo.h"
#include "signers/value.h"
#include "util/utf8.h"
#include "util/i18n.h"

#define NBSP "\xC2\xA0"

/* Replaces every "{{key}}" in text with its value, in one pass: a value that
 * itself contains "{{date}}" is printed as it is. The letter was checked at
 * load, so every key here is known. */
static char *expand(const char *text, const char *const *keys, const char *const *values, size_t nkeys)
{
	struct buf b = {0};
	const char *p = text;

	if (!buf_add(&b, "", 0))
		return NULL;
	while (*p) {
		const char *open = strstr(p, "{{");
		if (!open) {
			if (!buf_add(&b, p, strlen(p)))
				goto fail;
			break;
		}
		if (!buf_add(&b, p, (size_t)(open - p)))
			goto fail;
		const char *close = strstr(open, "}}");
		size_t klen = close ? (size_t)(close - open - 2) : 0;
		size_t k = 0;
		while (close && k < nkeys && !(strlen(keys[k]) == klen && memcmp(open + 2, keys[k], klen) == 0))
			k++;
		if (!close || k == nkeys) {
			if (!buf_add(&b, "{{", 2))
				goto fail;
			p = open + 2;
			continue;
		}
		if (!buf_add(&b, values[k], strlen(values[k])))
			goto fail;
		p = close + 2;
	}
	return b.data;
fail:
	free(b.data);
	return NULL;
}

/* Joins the words of every listed name with no-break spaces wherever the name
 * occurs, so the line breaker never separates them. The names come from
 * tieable_names(). */
static char *tie_names(char *text, char *const *names, size_t nnames)
{
	for (size_t i = 0; i < nnames; i++) {
		size_t nlen = strlen(names[i]);
		const char *p = text, *hit;
		struct buf b = {0};
		if (!strstr(text, names[i]))
			continue;
		if (!buf_add(&b, "", 0))
			goto fail;
		while ((hit = strstr(p, names[i]))) {
			if (!buf_add(&b, p, (size_t)(hit - p)))
				goto fail;
			for (size_t j = 0; j < nlen; j++)
				if (!(hit[j] == ' ' ? buf_add(&b, NBSP, 2) : buf_add(&b, hit + j, 1)))
					goto fail;
			p = hit + nlen;
		}
		if (!buf_add(&b, p, strlen(p)))
			goto fail;
		free(text);
		text = b.data;
		continue;
	fail:
		free(b.data);
		free(text);
		return NULL;
	}
	return text;
}

/* A "name" longer than MAX_TIED characters is left breakable: it could not
 * fit a line anyway. */
#define MAX_TIED 80

/* The names worth tying, typed as the text will be (O'Brien is O’Brien by
 * then), once per letter rather than once per block. Returns how many were
 * put in out (the caller frees each), or -1 when out of memory. */
static long tieable_names(char **out, const char *const *names, size_t nnames, const char *lang)
{
	size_t n = 0;

	for (size_t i = 0; i < nnames; i++) {
		char *name = typo_apply(names[i], lang);
		if (!name) {
			while (n > 0)
				free(out[--n]);
			return -1;
		}
		size_t len = strlen(name);
		if (len == 0 || !strchr(name, ' ') || utf8_length(name, len) > MAX_TIED) {
			free(name);
			continue;
		}
		out[n++] = name;
	}
	return (long)n;
}

/* The campaign's blocks as typed and tied, kept by a batch for its next
 * letters (document_fill): a block whose text has no placeholder comes out
 * the same for every signer of a letter in a language, but for the signer's
 * own name, which tie_names() ties last. So a block is kept tied to the
 * letter's names, and only the signer's name is tied for each letter. */
#define FILL_KEPT 64 /* blocks of one letter in its languages: then no more are kept */

struct fill_cache {
	const struct appeal_letter *letter;
	size_t n;
	struct {
		const char *text, *lang; /* the letter's own strings */
		char *done;
	} kept[FILL_KEPT];
};

struct fill_cache *fill_cache_new(void)
{
	return calloc(1, sizeof(struct fill_cache));
}

static void fill_cache_clear(struct fill_cache *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->kept[i].done);
	c->n = 0;
}

void fill_cache_free(struct fill_cache *c)
{
	if (c)
		fill_cache_clear(c);
	free(c);
}

struct filler {
	struct appeal_document *doc;
	const char *lang;
	const char *const *keys;
	const char *const *values;
	size_t nkeys;
	char *const *names;  /* the letter's names, then the signer's (0 or 1) */
	size_t nnames, nletter_names;
	struct fill_cache *cache; /* or NULL */
	struct appeal_error *err;
};

/* A placeholder-free text of the letter, typed and tied to the letter's
 * names, from the cache or made and kept there; NULL when it cannot be
 * kept (the caller then does the work itself). Borrowed from the cache. */
static const char *kept_block(struct filler *f, const char *text)
{
	struct fill_cache *c = f->cache;

	for (size_t i = 0; i < c->n; i++)
		if (c->kept[i].text == text && c->kept[i].lang == f->lang)
			return c->kept[i].done;
	if (c->n == FILL_KEPT || strstr(text, "{{"))
		return NULL;
	char *typed = typo_apply(text, f->lang);
	char *done = typed ? tie_names(typed, f->names, f->nletter_names) : NULL;
	if (!done)
		return NULL;
	c->kept[c->n].text = text;
	c->kept[c->n].lang = f->lang;
	c->kept[c->n].done = done;
	c->n++;
	return done;
}

/* Appends a block whose text goes through placeholders, typography and
 * name ties. `literal` skips the placeholders (signer values). */
static int add_block(struct filler *f, enum block_kind kind, const char *text, bool literal, const char *origin)
{
	struct appeal_document *doc = f->doc;
	const char *kept = !literal && f->cache ? kept_block(f, text) : NULL;
	char *tied;
	if (kept) {
		char *copy = strdup(kept);
		tied = copy ? tie_names(copy, f->names + f->nletter_names, f->nnames - f->nletter_names) : NULL;
	} else {
		char *expanded = literal ? strdup(text) : expand(text, f->keys, f->values, f->nkeys);
		char *typed = expanded ? typo_apply(expanded, f->lang) : NULL;
		free(expanded);
		tied = typed ? tie_names(typed, f->names, f->nnames) : NULL;
	}
	if (!tied)
		return err_nomem(f->err);
	struct block *blocks = realloc(doc->blocks, (doc->nblocks + 1) * sizeof(*blocks));
	if (!blocks) {
		free(tied);
		return err_nomem(f->err);
	}
	doc->blocks = blocks;
	struct block *b = &blocks[doc->nblocks++];
	b->kind = kind;
	b->text = tied;
	snprintf(b->origin, sizeof(b->origin), "%s", origin);
	return 0;
}

/* A note may hold several paragraphs separated by blank lines; single line
 * breaks inside a paragraph are folded, as a word processor would. */
static int add_note(struct filler *f, const char *note)
{
	const char *p = note;

	while (*p) {
		const char *end = p;
		while (*end) {
			const char *q = end;
			if (*q == '\r')
				q++;
			if (*q == '\n') {
				const char *r = q + 1;
				while (*r == ' ' || *r == '\t' || *r == '\r')
					r++;
				if (*r == '\n')
					break;
			}
			end++;
		}
		/* The note passed the signer-value rule: composed, LF only. */
		char *folded = signer_value_fold(p, (size_t)(end - p));
		if (!folded)
			return err_nomem(f->err);
		int rc = folded[0] ? add_block(f, BLOCK_NOTE, folded, true, "note") : 0;
		free(folded);
		if (rc)
			return rc;
		while (*end == '\n' || *end == '\r' || *end == ' ' || *end == '\t')
			end++;
		p = end;
	}
	return 0;
}

APPEAL_EXPORT int appeal_signer_init(struct appeal_signer *signer, unsigned int version)
{
	if (!signer || version != APPEAL_SIGNER_VERSION)
		return APPEAL_EINVAL;
	*signer = (struct appeal_signer)APPEAL_SIGNER_INIT;
	return 0;
}

/* The signer's values through the one signer-value rule (signers/value.h),
 * the same a table row passes: *name, *city, *note and *email are the clean values,
 * for the caller to free. */
static int check_signer(const struct appeal_signer *s, char **name, char **city, char **note, char **email,
                        struct appeal_error *err)
{
	*name = *city = *note = *email = NULL;
	if (s->version != APPEAL_SIGNER_VERSION) {
		err_set(err, APPEAL_EINVAL, _("the signer has version %u; this library knows version %u"), s->version,
		        APPEAL_SIGNER_VERSION);
		err_hint(err, _("start from APPEAL_SIGNER_INIT or appeal_signer_init()"));
		return APPEAL_EINVAL;
	}
	if (!s->name || !s->name[0]) {
		err_set(err, APPEAL_EINVAL, _("the signer's name is missing"));
		err_hint(err, _("give the name to sign with, e.g. --name \"Ana Pérez\""));
		err_field(err, "name");
		return APPEAL_EINVAL;
	}
	static const int code[] = {[VALUE_OK] = 0, [VALUE_NOT_UTF8] = APPEAL_ESYNTAX, [VALUE_CONTROL] = APPEAL_EINVAL,
	                           [VALUE_TOO_LONG] = APPEAL_EINVAL, [VALUE_NOMEM] = APPEAL_ENOMEM};
	const char *city_in = s->city ? s->city : "", *note_in = s->note ? s->note : "";
	const char *email_in = s->email ? s->email : "";
	enum value_fault fault = signer_value(s->name, strlen(s->name), VALUE_NAME, name, err);
	if (!fault)
		fault = signer_value(city_in, strlen(city_in), VALUE_CITY, city, err);
	if (!fault)
		fault = signer_value(note_in, strlen(note_in), VALUE_NOTE, note, err);
	if (!fault)
		fault = signer_value(email_in, strlen(email_in), VALUE_EMAIL, email, err);
	if (fault)
		return code[fault];
	if (!(*name)[0]) {
		err_set(err, APPEAL_EINVAL, _("the signer's name is blank"));
		err_field(err, "name");
		err_hint(err, _("give the name to sign with, e.g. --name \"Ana Pérez\""));
		return APPEAL_EINVAL;
	}
	return 0;
}

APPEAL_EXPORT void appeal_document_free(struct appeal_document *doc)
{
	if (!doc)
		return;
	for (size_t i = 0; i < doc->nblocks; i++)
		free(doc->blocks[i].text);
	free(doc->blocks);
	free(doc->lang);
	free(doc->title);
	free(doc->author);
	free(doc->subject);
	free(doc->keywords);
	free(doc->recipient);
	free(doc->date_text);
	free(doc->signature_png);
	free(doc->signature_data);
	free(doc->letter_id);
	free(doc->email);
	for (size_t i = 0; doc->to && i < doc->nto; i++) {
		free(doc->to[i].name);
		free(doc->to[i].addr);
	}
	free(doc->to);
	free(doc);
}

static void free_names(char **names, long n)
{
	for (long i = 0; names && i < n; i++)
		free(names[i]);
	free(names);
}

/* The signer's address (trimmed, as given) and the campaign's recipients. */
static int copy_email(struct appeal_document *doc, const struct appeal_letter *letter, const struct letter_text *t,
                      const char *email)
{
	size_t n, lo = 0, hi = email ? strlen(email) : 0;
	const struct letter_mailbox *to = letter_recipients(letter, t, &n);

	while (lo < hi && (email[lo] == ' ' || email[lo] == '\t'))
		lo++;
	while (hi > lo && (email[hi - 1] == ' ' || email[hi - 1] == '\t'))
		hi--;
	if (!(doc->letter_id = strdup(letter->id)) || !(doc->email = strndup(email ? email + lo : "", hi - lo)))
		return -1;
	if (!(doc->to = calloc(n ? n : 1, sizeof(*doc->to))))
		return -1;
	for (size_t i = 0; i < n; i++, doc->nto++)
		if (!(doc->to[i].name = strdup(to[i].name)) || !(doc->to[i].addr = strdup(to[i].addr))) {
			free(doc->to[i].name);
			return -1;
		}
	return 0;
}

static char *join3(const char *a, const char *sep, const char *b)
{
	size_t la = strlen(a), ls = strlen(sep), lb = strlen(b);
	char *s = malloc(la + ls + lb + 1);
	if (s) {
		memcpy(s, a, la);
		memcpy(s + la, sep, ls);
		memcpy(s + la + ls, b, lb + 1);
	}
	return s;
}

static int fill_blocks(struct filler *f, const struct appeal_letter *letter, const struct letter_text *t,
                       const char *name, const char *city, const char *note)
{
	int rc = 0;
	char *sender = city[0] ? join3(name, " · ", city) : strdup(name);
	char *dateline = city[0] ? join3(city, ", ", f->doc->date_text) : strdup(f->doc->date_text);

	if (!sender || !dateline) {
		rc = err_nomem(f->err);
		goto out;
	}
	if ((rc = add_block(f, BLOCK_SENDER, sender, true, "name")))
		goto out;
	if (t->addressee_title[0] && (rc = add_block(f, BLOCK_ADDRESS, t->addressee_title, false, "addressee_title")))
		goto out;
	if ((rc = add_block(f, BLOCK_ADDRESS, letter->addressee_name, false, "addressee.name")))
		goto out;
	for (size_t i = 0; i < letter->naddress; i++)
		if ((rc = add_block(f, BLOCK_ADDRESS, letter->address[i], false, "addressee.address")))
			goto out;
	if ((rc = add_block(f, BLOCK_DATELINE, dateline, true, city[0] ? "city" : "date")))
		goto out;
	if (t->subject[0] && (rc = add_block(f, BLOCK_SUBJECT, t->subject, false, "subject")))
		goto out;
	if ((rc = add_block(f, BLOCK_SALUTATION, t->salutation, false, "salutation")))
		goto out;
	for (size_t i = 0; i < t->nparagraphs; i++) {
		char origin[64];
		snprintf(origin, sizeof(origin), "%s.paragraphs[%zu]", t->lang, i);
		if ((rc = add_block(f, BLOCK_PARAGRAPH, t->paragraphs[i], false, origin)))
			goto out;
	}
	if (note && (rc = add_note(f, note)))
		goto out;
	if ((rc = add_block(f, BLOCK_CLOSING, t->closing, false, "closing")))
		goto out;
	if ((rc = add_block(f, BLOCK_SIGNATURE, "", true, "signature")))
		goto out;
	if ((rc = add_block(f, BLOCK_SIGNER, name, true, "name")))
		goto out;
	if (city[0])
		rc = add_block(f, BLOCK_SIGNER, city, true, "city");
out:
	free(sender);
	free(dateline);
	return rc;
}

struct appeal_document *document_fill(const struct appeal_letter *letter, const char *lang,
                                      const struct appeal_signer *signer, struct fill_cache *cache,
                                      struct appeal_error *err)
{
	struct appeal_document *doc = NULL;
	char *name = NULL, *city = NULL, *note = NULL, *email = NULL;
	const char **given = NULL;
	char **names = NULL;
	long ntied = 0, nletter = 0, nsigner;
	char date[64], deadline[64];
	struct appeal_date when;
	int rc;

	const struct letter_text *t = lang ? letter_text_for(letter, lang) : NULL;
	if (!t) {
		char shown[32];
		err_quote(shown, sizeof(shown), lang ? lang : "");
		err_set(err, APPEAL_ENOTFOUND, _("the letter '%s' has no text in the language '%s'"), letter->id, shown);
		err_hint(err, _("use one of:%s%s%s%s"), letter->ntexts > 0 ? " " : "",
		         letter->ntexts > 0 ? letter->texts[0].lang : "", letter->ntexts > 1 ? ", " : "",
		         letter->ntexts > 1 ? letter->texts[1].lang : "");
		return NULL;
	}
	if (check_signer(signer, &name, &city, &note, &email, err))
		goto fail;
	if (signer->signature_png && signer->signature_png[0] && signer->signature_data && signer->signature_size) {
		err_set(err, APPEAL_EINVAL, _("the signature is given twice, as a file and as data"));
		err_field(err, "signature");
		err_hint(err, _("give one of the two"));
		goto fail;
	}
	when = signer->date;
	if (when.year == 0 && appeal_date_today(&when, err))
		goto fail;
	if (appeal_date_format(date, sizeof(date), &when, t->lang) < 0 ||
	    appeal_date_format(deadline, sizeof(deadline), &letter->deadline, t->lang) < 0) {
		err_set(err, APPEAL_EINVAL, _("the date cannot be written in '%s'"), t->lang);
		goto fail;
	}

	doc = calloc(1, sizeof(*doc));
	given = calloc(letter->nnames + 2, sizeof(*given));
	names = calloc(letter->nnames + 2, sizeof(*names));
	if (!doc || !given || !names)
		goto nomem;
	for (size_t i = 0; i < letter->nnames; i++)
		given[i] = letter->names[i];
	given[letter->nnames] = letter->addressee_name;
	given[letter->nnames + 1] = name;
	/* The letter's names, then the signer's: the cache keeps blocks tied to
	 * the first. */
	nletter = tieable_names(names, given, letter->nnames + 1, t->lang);
	if (nletter < 0) {
		nletter = 0;
		goto nomem;
	}
	nsigner = tieable_names(names + nletter, given + letter->nnames + 1, 1, t->lang);
	ntied = nletter + (nsigner > 0 ? nsigner : 0); /* what the common exit frees */
	if (nsigner < 0)
		goto nomem;
	if (cache && cache->letter != letter) {
		fill_cache_clear(cache);
		cache->letter = letter;
	}

	doc->lang = strdup(t->lang);
	doc->title = strdup(t->title);
	doc->author = strdup(name);
	doc->subject = strdup(t->subject[0] ? t->subject : t->title);
	doc->keywords = join3(letter->issuer, ", Urgent Action, ", letter->id);
	doc->recipient = strdup(letter->addressee_name);
	doc->date_text = strdup(date);
	doc->date = when;
	if (signer->signature_png && signer->signature_png[0])
		doc->signature_png = strdup(signer->signature_png);
	if (copy_email(doc, letter, t, email))
		goto nomem;
	if (!doc->lang || !doc->title || !doc->author || !doc->subject || !doc->keywords || !doc->recipient ||
	    !doc->date_text || (signer->signature_png && signer->signature_png[0] && !doc->signature_png))
		goto nomem;
	if (signer->signature_data && signer->signature_size) {
		if (!(doc->signature_data = malloc(signer->signature_size)))
			goto nomem;
		memcpy(doc->signature_data, signer->signature_data, signer->signature_size);
		doc->signature_size = signer->signature_size;
	}

	const char *keys[] = {"name", "city", "date", "deadline"};
	const char *values[] = {name, city, date, deadline};
	struct filler f = {doc, t->lang, keys, values, 4, names, (size_t)ntied, (size_t)nletter, cache, err};
	rc = fill_blocks(&f, letter, t, name, city, note[0] ? note : NULL);
	if (rc)
		goto fail;
	free_names(names, ntied);
	free(given);
	free(name);
	free(city);
	free(note);
	free(email);
	return doc;
nomem:
	err_nomem(err);
fail:
	appeal_document_free(doc);
	free_names(names, ntied);
	free(given);
	free(name);
	free(city);
	free(note);
	free(email);
	return NULL;
}

APPEAL_EXPORT struct appeal_document *appeal_document_fill(const struct appeal_letter *letter, const char *lang,
                                                           const struct appeal_signer *signer,
                                                           struct appeal_error *err)
{
	return document_fill(letter, lang, signer, NULL, err);
}
