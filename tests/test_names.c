/* Per-signer file names: transliteration (lang/translit.h), the safe name
 * part, Windows device names and unique names without case
 * (batch/filename.h). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "batch/filename.h"
#include "lang/translit.h"
#include "util/strmap.h"

static void expect_translit(const char *in, const char *want, int line)
{
	char *got = translit_ascii(in, strlen(in), NULL);
	check_str_(got, want, in, __FILE__, line);
	free(got);
}

static void expect_part(const char *in, const char *want, int line)
{
	char out[400] = "";
	filename_part(out, sizeof(out), in, NULL);
	check_str_(out, want, in, __FILE__, line);
}

#define TR(in, want) expect_translit(in, want, __LINE__)
#define PART(in, want) expect_part(in, want, __LINE__)

static void test_nfkc_and_latin(void)
{
	TR("ﬁnn", "finn");           /* the ligature, not "nn" */
	TR("Ｍａｒíａ", "maria");      /* full-width */
	TR("x²", "x2");
	TR("Ⅻ", "xii");
	TR("Łukasz Żółć", "lukasz zolc");
	TR("Nguyễn Thị Hương", "nguyen thi huong");
	TR("Straße", "strasse");
	TR("STRAẞE", "strasse");
	TR("Ærøskøbing", "aeroskobing");
	TR("Þóra Ðóttir", "thora dottir");
	TR("İlkay Işık", "ilkay isik");
	TR("Paral·lel", "parallel");
	TR("O’Brien", "obrien");
	TR("Ƒrançois", "francois");
	TR("Həsənov", "hasanov");
	TR("٣٤ Ali", "34 ali");          /* Arabic-Indic digits */
	TR("", "");
	TR("\xff" "Ana", " ana");        /* invalid UTF-8 is U+FFFD, a space */
}

static void test_greek(void)
{
	TR("Αθήνα", "athina");
	TR("Γιώργος Παπαδόπουλος", "giorgos papadopoulos");
	TR("Ευάγγελος", "evangelos");     /* ευ before a vowel, γγ */
	TR("Ευστάθιος", "efstathios");    /* ευ before a voiceless consonant */
	TR("Σταύρος", "stavros");         /* the accent on υ keeps the diphthong */
	TR("Ζευς", "zefs");
	TR("Αυγή", "avgi");
	TR("Ταύ", "taf");                 /* at the end: f */
	TR("Μπακογιάννη", "bakogianni");  /* μπ at the start: b */
	TR("Λάμπρος", "lampros");         /* inside: mp */
	TR("Κολόμπ", "kolob");            /* at the end: b */
	TR("Γκίκας", "gkikas");
	TR("Σφίγξ", "sfinx");
	TR("Έγχορδο", "enchordo");
	TR("Κωνσταντίνος", "konstantinos");
	TR("Χρήστος Ψαρράς", "christos psarras");
	TR("Ξανθή", "xanthi");
	TR("Ντίνα Μουτσάτσου", "ntina moutsatsou");
	TR("προϋπόθεση", "proypothesi");  /* the diaeresis parts ο and υ */
	TR("Ευΐα", "evia");
	TR("ΣΠΥΡΟΣ ΛΟΥΚΑΣ", "spyros loukas");
	TR("Άγγελος", "angelos");
}

static void test_cyrillic(void)
{
	TR("Юлия Навальная", "iuliia navalnaia");
	TR("Никита Хрущёв", "nikita khrushchev");
	TR("Щукин", "shchukin");
	TR("Ольга", "olga");              /* ь is written as nothing */
	TR("Пётр Объедков", "petr obieedkov");
	TR("Жанна Цой", "zhanna tsoi");
	TR("Эльвира Чайковская", "elvira chaikovskaia");
	TR("Олександр Зінченко", "oleksandr zinchenko");
	TR("Ґалина Їжакевич", "galina izhakevich");
	TR("Євген", "ievgen");
	TR("Новак Ђоковић", "novak dokovic");
	TR("Љубица Њежић", "ljubitsa njezhic");
	TR("Џеф Ѕвезда", "dzef dzvezda");
	TR("Ўладзімір", "uladzimir");
	TR("Ѓорѓи Ќосе", "gorgi kose");
	TR("ЫЫ", "yy");
	TR("Әлия Ғалымқызы", "aliia galymkyzy"); /* Kazakh: the nearest Russian letter */
	TR("Нурсултан Өмірбек", "nursultan omirbek");
}

static void test_other_scripts(void)
{
	uint32_t unknown = 7;
	char *t = translit_ascii("李明", strlen("李明"), &unknown);
	CHECK_STR(t, "  ");
	CHECK_INT(unknown, 0x674E);
	CHECK_STR(translit_script_name(unknown), "Han");
	free(t);
	t = translit_ascii("Ana محمد", strlen("Ana محمد"), &unknown);
	CHECK_STR(t, "ana     ");
	CHECK_STR(translit_script_name(unknown), "Arabic");
	free(t);
	t = translit_ascii("Ana", 3, &unknown);
	CHECK_INT(unknown, 0);
	free(t);
	/* a symbol is not a letter without a spelling */
	t = translit_ascii("Ana ♥", strlen("Ana ♥"), &unknown);
	CHECK_INT(unknown, 0);
	free(t);
}

static void test_part(void)
{
	PART("Ana Pérez", "ana-perez");
	PART("  Ana   Pérez  ", "ana-perez-");   /* the caller trims the end */
	PART("O'Brien", "obrien");
	PART("../../etc/passwd", "etc-passwd");
	PART("Ana\tPérez\r\n", "ana-perez-");
	PART("ﬁnn", "finn");
	PART("Αθήνα Ρώσσου", "athina-rossou");
	PART("Юлия", "iuliia");
	PART("李明", "");
	PART("", "");
	PART(".hidden", "hidden");
	PART("CON", "con");                      /* the set renames devices */

	/* appended to what is there */
	char out[32] = "row-";
	filename_part(out, sizeof(out), "Ана", NULL);
	CHECK_STR(out, "row-ana");

	/* bounded by the buffer, whatever the length of the value */
	size_t big = 1 << 20;
	char *s = malloc(big * 2 + 1);
	for (size_t i = 0; i < big; i++)
		memcpy(s + 2 * i, "θ", 2);
	s[2 * big] = '\0';
	char small[64] = "";
	uint32_t unknown = 0;
	filename_part(small, sizeof(small), s, &unknown);
	CHECK(strlen(small) < sizeof(small));
	CHECK(strncmp(small, "thththth", 8) == 0);
	CHECK_INT(unknown, 0);
	/* a million marks and then a letter: only the start is read */
	for (size_t i = 0; i < big; i++)
		memcpy(s + 2 * i, "\xcc\x81", 2); /* U+0301 */
	memcpy(s + 2 * big - 2, "zz", 2);
	small[0] = '\0';
	filename_part(small, sizeof(small), s, NULL);
	CHECK_STR(small, "");
	/* the cut falls inside a character: no half character read */
	for (size_t i = 0; i < big; i++)
		memcpy(s + 2 * i, "ж", 2);
	char one[8] = "";
	filename_part(one, sizeof(one), s + 1, NULL); /* starts on a continuation byte */
	CHECK(strlen(one) <= 5);
	free(s);
}

static void test_devices(void)
{
	const char *yes[] = {"con", "CON", "Con", "prn", "aux", "nul", "com1", "COM9", "lpt1", "lpt9", "com0",
	                     "con.x", "nul.tar.gz", "aux."};
	const char *no[] = {"conan", "con-1", "com", "com10", "lpt", "nul1", "xcon", "", "c.on", "comx"};
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!CHECK(filename_is_device(yes[i])))
			fprintf(stderr, "  %s should be a device\n", yes[i]);
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (!CHECK(!filename_is_device(no[i])))
			fprintf(stderr, "  %s should not be a device\n", no[i]);

	struct filename_set set = FILENAME_SET_INIT;
	CHECK_STR(filename_take(&set, "con", ".pdf"), "con-1.pdf");
	CHECK_STR(filename_take(&set, "CON", ".pdf"), "CON-2.pdf");
	CHECK_STR(filename_take(&set, "con-1", ".pdf"), "con-1-2.pdf"); /* a signer called "Con 1" */
	CHECK_STR(filename_take(&set, "nul", ".pdf"), "nul-1.pdf");
	CHECK_STR(filename_take(&set, "com1", ".pdf"), "com1-1.pdf");
	CHECK_STR(filename_take(&set, "lpt9", ".pdf"), "lpt9-1.pdf");
	CHECK_STR(filename_take(&set, "aux.letter", ".pdf"), "aux-1.letter.pdf");
	CHECK_STR(filename_take(&set, "aux.letter", ".pdf"), "aux-2.letter.pdf");
	CHECK_STR(filename_take(&set, "conan", ".pdf"), "conan.pdf");
	filename_set_free(&set);
}

static void test_unique(void)
{
	struct filename_set set = FILENAME_SET_INIT;
	CHECK_STR(filename_take(&set, "ana", ".pdf"), "ana.pdf");
	CHECK_STR(filename_take(&set, "Ana", ".pdf"), "Ana-2.pdf");   /* case only: a different file nowhere */
	CHECK_STR(filename_take(&set, "ANA", ".pdf"), "ANA-3.pdf");
	CHECK_STR(filename_take(&set, "ana-3", ".pdf"), "ana-3-2.pdf");
	CHECK_STR(filename_take(&set, "ana-4", ".pdf"), "ana-4.pdf");
	CHECK_STR(filename_take(&set, "ana", ".pdf"), "ana-5.pdf");   /* ana-4 is a signer's own */
	CHECK_STR(filename_take(&set, "ana", ".pdf"), "ana-6.pdf");
	CHECK_STR(filename_take(&set, "b", ".pdf"), "b.pdf");
	CHECK_STR(filename_take(&set, "b", ".PDF"), "b-2.PDF");       /* b.PDF is b.pdf without case */
	filename_set_free(&set);

	/* 10,000 identical names, and names that get in the counter's way */
	struct filename_set many = FILENAME_SET_INIT;
	struct strmap seen = STRMAP_INIT_NOCASE;
	size_t distinct = 0, n = 10000;
	const char *last = NULL;
	for (size_t i = 0; i < n; i++) {
		const char *name = filename_take(&many, i % 2 ? "Ana-Perez" : "ana-perez", ".pdf");
		if (!name)
			break;
		distinct += strmap_put(&seen, name, i) == 1;
		last = name;
	}
	CHECK_INT(distinct, n);
	CHECK_STR(last, "Ana-Perez-10000.pdf");
	for (size_t i = 0; i < 100; i++) {
		char stem[32];
		snprintf(stem, sizeof(stem), "x-%zu", i + 2);
		filename_take(&many, stem, ".pdf");
	}
	CHECK_STR(filename_take(&many, "x", ".pdf"), "x.pdf");
	CHECK_STR(filename_take(&many, "x", ".pdf"), "x-102.pdf");
	CHECK_STR(filename_take(&many, "x", ".pdf"), "x-103.pdf");
	strmap_free(&seen);
	filename_set_free(&many);
}

int main(int argc, char **argv)
{
	(void)argc;
	test_nfkc_and_latin();
	test_greek();
	test_cyrillic();
	test_other_scripts();
	test_part();
	test_devices();
	test_unique();
	return check_summary(argv[0]);
}
