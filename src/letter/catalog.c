#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "letter/letter.h"
#include "util/i18n.h"

struct appeal_catalog {
	struct appeal_letter **letters; /* sorted by id */
	size_t count;
};

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int compare_letters(const void *a, const void *b)
{
	const struct appeal_letter *x = *(struct appeal_letter *const *)a, *y = *(struct appeal_letter *const *)b;
	int r = strcmp(x->id, y->id);

	return r ? r : strcmp(x->source, y->source);
}

static bool is_letter_file(const char *name)
{
	size_t len = strlen(name);

	/* Hidden files are editor backups and lock files, not campaigns. */
	return name[0] != '.' && len > 5 && strcmp(name + len - 5, ".json") == 0;
}

static void free_names(char **names, size_t n)
{
	for (size_t i = 0; names && i < n; i++)
		free(names[i]);
	free(names);
}

/* The *.json names in dir, sorted so that loading (and so the first error
 * reported) does not depend on the order of the directory. */
static int list_files(const char *dir, char ***out, size_t *count, struct appeal_error *err)
{
	char **names = NULL, **grown;
	size_t n = 0, cap = 0;
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d) {
		int code = errno == ENOENT ? APPEAL_ENOTFOUND : APPEAL_EIO;
		err_set(err, code, _("cannot open the letter directory: %s"), strerror(errno));
		err_source(err, dir);
		return code;
	}
	while ((e = readdir(d)) != NULL) {
		if (!is_letter_file(e->d_name))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			if (!(grown = realloc(names, cap * sizeof(*names))))
				goto nomem;
			names = grown;
		}
		if (!(names[n] = strdup(e->d_name)))
			goto nomem;
		n++;
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), compare_names);
	*out = names;
	*count = n;
	return 0;
nomem:
	closedir(d);
	free_names(names, n);
	return err_nomem(err);
}

APPEAL_EXPORT struct appeal_catalog *appeal_catalog_open(const char *dir, struct appeal_error *err)
{
	struct appeal_catalog *cat;
	char **names = NULL;
	size_t n = 0;

	if (!dir) {
		err_set(err, APPEAL_EINVAL, _("no letter directory given"));
		return NULL;
	}
	if (list_files(dir, &names, &n, err) < 0)
		return NULL;
	/* An empty directory is an empty catalog: the caller says what that
	 * means for its user. */
	cat = calloc(1, sizeof(*cat));
	if (!cat || !(cat->letters = calloc(n ? n : 1, sizeof(*cat->letters)))) {
		free(cat);
		free_names(names, n);
		err_nomem(err);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		size_t dlen = strlen(dir);
		bool slash = dlen > 0 && dir[dlen - 1] == '/';
		char *path = malloc(dlen + strlen(names[i]) + 2);

		if (!path) {
			err_nomem(err);
			goto fail;
		}
		sprintf(path, "%s%s%s", dir, slash ? "" : "/", names[i]);
		cat->letters[i] = appeal_letter_load(path, err);
		free(path);
		if (!cat->letters[i])
			goto fail;
		cat->count++;
	}
	free_names(names, n);
	names = NULL;
	qsort(cat->letters, cat->count, sizeof(*cat->letters), compare_letters);
	/* Sorted by id, two files with one id are neighbours. */
	for (size_t i = 1; i < cat->count; i++) {
		const struct appeal_letter *a = cat->letters[i - 1], *b = cat->letters[i];
		if (strcmp(a->id, b->id) == 0) {
			err_set(err, APPEAL_EINVAL, _("the id \"%s\" is also used by %s"), b->id, a->source);
			err_source(err, b->source);
			err_hint(err, _("give every campaign its own id"));
			goto fail;
		}
	}
	return cat;
fail:
	free_names(names, n);
	appeal_catalog_free(cat);
	return NULL;
}

APPEAL_EXPORT void appeal_catalog_free(struct appeal_catalog *catalog)
{
	if (!catalog)
		return;
	for (size_t i = 0; i < catalog->count; i++)
		appeal_letter_free(catalog->letters[i]);
	free(catalog->letters);
	free(catalog);
}

APPEAL_EXPORT size_t appeal_catalog_count(const struct appeal_catalog *catalog)
{
	return catalog ? catalog->count : 0;
}

APPEAL_EXPORT const struct appeal_letter *appeal_catalog_letter(const struct appeal_catalog *catalog, size_t i)
{
	return catalog && i < catalog->count ? catalog->letters[i] : NULL;
}

APPEAL_EXPORT const struct appeal_letter *appeal_catalog_find(const struct appeal_catalog *catalog, const char *id)
{
	for (size_t i = 0; catalog && id && i < catalog->count; i++)
		if (strcmp(catalog->letters[i]->id, id) == 0)
			return catalog->letters[i];
	return NULL;
}

APPEAL_EXPORT const struct appeal_letter *appeal_catalog_default(const struct appeal_catalog *catalog)
{
	const struct appeal_letter *found = NULL;

	if (!catalog || catalog->count == 0)
		return NULL;
	if (catalog->count == 1)
		return catalog->letters[0];
	for (size_t i = 0; i < catalog->count; i++) {
		if (!catalog->letters[i]->is_default)
			continue;
		if (found)
			return NULL;
		found = catalog->letters[i];
	}
	return found;
}
