/* appeal send: e-mail letters through an SMTP server, each once. The work
 * is done by appeal_send_*; this file reads options and the password,
 * reports and draws progress. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static const char send_usage[] = N_(
	"usage: appeal send SOURCE --smtp URL [options]\n"
	"\n"
	"Sends the messages in SOURCE (a directory of .eml files, one .eml file, or an mbox, as\n"
	"'appeal batch --format eml' writes them), each exactly once: a journal beside SOURCE\n"
	"(SOURCE.sent) records what the server accepted, so running again sends only the rest.\n"
	"\n"
	"      --smtp URL          smtp://HOST:587 (STARTTLS, required) or smtps://HOST:465\n"
	"  -u, --user NAME         log in as NAME; the password comes from --password-file or\n"
	"                          $APPEAL_SMTP_PASSWORD, never from the command line\n"
	"      --password-file F   the password is the first line of F ('-': standard input)\n"
	"      --cacert FILE       trust this certificate authority (a server with its own)\n"
	"      --no-tls            no encryption at all: only for a relay on this machine\n"
	"      --to ADDR           the recipient of messages that have no To: (drafts)\n"
	"      --envelope-from A   the sender told to the server (MAIL FROM); default: each From:\n"
	"      --rate N/min        at most N messages a minute (also N/s, N/h)\n"
	"      --journal FILE      the journal (default: SOURCE.sent beside SOURCE)\n"
	"      --timeout SECONDS   for one message (default 120)\n"
	"  -n, --dry-run           list what would be sent; connect to nothing\n"
	"  -q, --quiet             no progress and no summary\n"
	"\n"
	"Exit status: 0 every message delivered (now or before), 1 some message was not, 2 wrong usage.\n");

struct send_args {
	const char *source, *smtp, *user, *password_file, *cacert, *to, *envelope_from, *journal;
	double rate;
	long timeout;
	bool no_tls, dry_run, quiet;
};

/* "30/min", "2/s", "100/h", or a bare number of messages a minute. */
static bool parse_rate(const char *text, double *out)
{
	char *end;
	errno = 0;
	double n = strtod(text, &end);
	if (errno || end == text || !(n > 0) || n > 100000)
		return false;
	if (*end == '\0' || strcmp(end, "/min") == 0 || strcmp(end, "/m") == 0)
		*out = n;
	else if (strcmp(end, "/s") == 0 || strcmp(end, "/sec") == 0)
		*out = n * 60;
	else if (strcmp(end, "/h") == 0 || strcmp(end, "/hour") == 0)
		*out = n / 60;
	else
		return false;
	return *out <= 100000;
}

static int parse(int argc, char **argv, struct send_args *a)
{
	enum { O_SMTP = 256, O_PWFILE, O_CACERT, O_NOTLS, O_TO, O_ENVFROM, O_RATE, O_JOURNAL, O_TIMEOUT };
	static const struct option longopts[] = {
		{"smtp", required_argument, NULL, O_SMTP},       {"user", required_argument, NULL, 'u'},
		{"password-file", required_argument, NULL, O_PWFILE},
		{"cacert", required_argument, NULL, O_CACERT},   {"no-tls", no_argument, NULL, O_NOTLS},
		{"to", required_argument, NULL, O_TO},           {"envelope-from", required_argument, NULL, O_ENVFROM},
		{"rate", required_argument, NULL, O_RATE},       {"journal", required_argument, NULL, O_JOURNAL},
		{"timeout", required_argument, NULL, O_TIMEOUT}, {"dry-run", no_argument, NULL, 'n'},
		{"quiet", no_argument, NULL, 'q'},               {"help", no_argument, NULL, 'h'},
		{"password", required_argument, NULL, 'P'},      {NULL, 0, NULL, 0},
	};
	int c;
	char *end;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":u:nqh", longopts, NULL)) != -1) {
		switch (c) {
		case O_SMTP: a->smtp = optarg; break;
		case 'u': a->user = optarg; break;
		case O_PWFILE: a->password_file = optarg; break;
		case O_CACERT: a->cacert = optarg; break;
		case O_NOTLS: a->no_tls = true; break;
		case O_TO: a->to = optarg; break;
		case O_ENVFROM: a->envelope_from = optarg; break;
		case O_JOURNAL: a->journal = optarg; break;
		case 'n': a->dry_run = true; break;
		case 'q': a->quiet = true; break;
		case O_RATE:
			if (!parse_rate(optarg, &a->rate)) {
				cli_fail(_("--rate wants a number of messages per minute, like 30/min, not '%s'"), optarg);
				cli_hint(_("also N/s and N/h; a provider's limit is often given per hour or per day"));
				return EXIT_USAGE;
			}
			break;
		case O_TIMEOUT:
			errno = 0;
			a->timeout = strtol(optarg, &end, 10);
			if (errno || *end || a->timeout < 1 || a->timeout > 3600) {
				cli_fail(_("--timeout wants seconds from 1 to 3600, not '%s'"), optarg);
				return EXIT_USAGE;
			}
			break;
		case 'P':
			cli_fail(_("the password is never taken from the command line"));
			cli_hint(_("every user of the machine can read a command line; use --password-file FILE or "
			           "$APPEAL_SMTP_PASSWORD"));
			return EXIT_USAGE;
		case 'h': fputs(_(send_usage), stdout); return -1;
		case ':':
			cli_fail(_("option '%s' needs a value"), argv[optind - 1]);
			cli_hint(_("see 'appeal send --help'"));
			return EXIT_USAGE;
		default:
			cli_fail(_("unknown option '%s'"), argv[optind - 1]);
			cli_hint(_("see 'appeal send --help'"));
			return EXIT_USAGE;
		}
	}
	if (optind == argc) {
		cli_fail(_("send needs the messages to send"));
		cli_hint(_("appeal send mail/ --smtp smtp://mail.example.org:587 --user office@example.org"));
		return EXIT_USAGE;
	}
	if (optind < argc - 1) {
		cli_fail(_("unexpected argument '%s'"), argv[optind + 1]);
		cli_hint(_("send takes one directory, .eml file or mbox"));
		return EXIT_USAGE;
	}
	a->source = argv[optind];
	if (!a->smtp && !a->dry_run) {
		cli_fail(_("send needs the mail server: --smtp URL"));
		cli_hint(_("e.g. --smtp smtp://mail.example.org:587; --dry-run lists the messages without one"));
		return EXIT_USAGE;
	}
	if (a->password_file && !a->user) {
		cli_fail(_("--password-file without --user"));
		cli_hint(_("give the login name with --user"));
		return EXIT_USAGE;
	}
	return 0;
}

/* The password: the first line of --password-file, else the environment.
 * NULL without a user; *failed after reporting a problem. */
static char *read_password(const struct send_args *a, bool *failed)
{
	*failed = false;
	if (!a->user)
		return NULL;
	if (a->password_file) {
		struct stat st;
		if (strcmp(a->password_file, "-") && stat(a->password_file, &st) == 0 && (st.st_mode & 0077))
			cli_warn(_("%s can be read by other users of this machine"), a->password_file);
		char *text = cli_read_text(a->password_file, 4096);
		if (!text) {
			*failed = true;
			return NULL;
		}
		text[strcspn(text, "\r\n")] = '\0';
		return text;
	}
	const char *env = getenv("APPEAL_SMTP_PASSWORD");
	if (!env || !env[0]) {
		cli_fail(_("no password for the user '%s'"), a->user);
		cli_hint(_("put it in a file readable only by you (--password-file FILE) or in $APPEAL_SMTP_PASSWORD"));
		*failed = true;
		return NULL;
	}
	char *p = strdup(env);
	if (!p) {
		cli_fail(_("out of memory"));
		*failed = true;
	}
	return p;
}

/* ------------------------------------------------------------ progress */

static volatile sig_atomic_t caught;

static void on_signal(int sig)
{
	caught = sig;
}

struct progress {
	bool draw, drawn;
	double start, last;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int on_progress(void *data, size_t done, size_t total)
{
	struct progress *p = data;
	double t = now();

	if (p->draw && total && (t - p->last >= 0.1 || done == total)) {
		char bar[31];
		size_t fill = done * 30 / total;
		double rate = t > p->start && done ? (double)done / (t - p->start) : 0;
		long left = rate > 0 ? (long)((double)(total - done) / rate + 0.5) : 0;
		memset(bar, '#', fill);
		memset(bar + fill, '.', 30 - fill);
		bar[30] = '\0';
		fprintf(stderr, _("\r%zu/%zu [%s] %ld:%02ld left\033[K"), done, total, bar, left / 60, left % 60);
		p->last = t;
		p->drawn = true;
	}
	return caught != 0;
}

/* ------------------------------------------------------------ reports */

static void where(char *buf, size_t size, const struct appeal_send_record *r)
{
	if (r->index)
		snprintf(buf, size, _("%s, message %ld"), r->file, r->index);
	else
		snprintf(buf, size, "%s", r->file);
}

static void report(const struct appeal_send *s, bool dry_run)
{
	char at[1200];

	for (size_t i = 0; i < appeal_send_count(s); i++) {
		const struct appeal_send_record *r = appeal_send_record(s, i);
		where(at, sizeof(at), r);
		switch (r->status) {
		case APPEAL_SEND_PENDING:
			printf(_("would send %s: %s -> %s: %s\n"), at, r->from, r->to, r->subject);
			break;
		case APPEAL_SEND_REFUSED:
			cli_fail(_("%s: the server refused the message to %s: %s"), at, r->to, r->reply);
			break;
		case APPEAL_SEND_FAILED:
			cli_report(r->error);
			break;
		case APPEAL_SEND_SENT:
			if (r->again)
				cli_warn(_("%s was sent again with the same Message-ID %s: an earlier run stopped before the "
				           "server's answer was recorded"),
				         at, r->message_id);
			break;
		case APPEAL_SEND_SKIPPED:
			if (!dry_run && strstr(r->note, "Message-ID"))
				cli_warn("%s: %s", at, r->note);
			break;
		default: break;
		}
	}
}

int cmd_send(int argc, char **argv)
{
	struct send_args a = {0};
	struct appeal_send_options o = APPEAL_SEND_OPTIONS_INIT;
	struct appeal_error err = {0};
	struct progress prog = {0};
	struct sigaction sa = {0}, old_int, old_term;
	struct appeal_send *s = NULL;
	char *password = NULL;
	bool failed;
	int rc = parse(argc, argv, &a);

	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	/* The journal is appended to: it must not be a message source or a key. */
	const struct cli_file outs[] = {{"--journal", a.journal}};
	const struct cli_file ins[] = {{_("the messages to send"), a.source},
	                               {_("the password file"), a.password_file},
	                               {_("the --cacert file"), a.cacert}};
	if (cli_refuse_clash(outs, 1, ins, 3))
		return EXIT_FAIL;
	password = read_password(&a, &failed);
	if (failed)
		return EXIT_USAGE;
	o.source = a.source;
	o.journal = a.journal;
	o.url = a.smtp;
	o.user = a.user;
	o.password = password;
	o.ca_file = a.cacert;
	o.plaintext = a.no_tls;
	o.to = a.to;
	o.envelope_from = a.envelope_from;
	o.rate = a.rate;
	o.timeout = a.timeout;
	o.dry_run = a.dry_run;
	o.progress = on_progress;
	o.progress_data = &prog;
	s = appeal_send_new(&o, &err);
	if (password) {
		memset(password, 0, strlen(password));
		free(password);
	}
	if (!s) {
		cli_report(&err);
		return err.code == APPEAL_EINVAL && !err.source[0] ? EXIT_USAGE : EXIT_FAIL;
	}

	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	prog.draw = !a.quiet && !a.dry_run && isatty(STDERR_FILENO);
	prog.start = prog.last = now();
	int run = appeal_send_run(s, &err);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (prog.drawn)
		fputs("\r\033[K", stderr);

	report(s, a.dry_run);
	if (run)
		cli_report(&err);
	struct appeal_send_summary sum;
	appeal_send_summary(s, &sum);
	if (!a.quiet) {
		/* "40 messages in mail/: ..." with the noun agreeing with the count. */
		fprintf(stderr, P_("appeal: %zu message in %s: ", "appeal: %zu messages in %s: ", (unsigned long)sum.messages),
		        sum.messages, a.source);
		if (a.dry_run)
			fprintf(stderr, _("%zu to send, %zu already sent, %zu failed, %zu skipped; journal %s\n"), sum.pending,
			        sum.already, sum.failed, sum.skipped, appeal_send_journal(s));
		else
			fprintf(stderr, _("%zu sent, %zu already sent, %zu refused, %zu failed, %zu skipped; journal %s\n"),
			        sum.sent, sum.already, sum.refused, sum.failed, sum.skipped, appeal_send_journal(s));
	}
	if (caught)
		cli_fail(_("interrupted; run the same command again to send the rest"));
	else if (sum.refused || sum.failed)
		cli_hint(_("fix what is reported above and run the same command again: only messages not yet "
		           "delivered are sent"));
	rc = run || sum.refused || sum.failed || sum.stopped ? EXIT_FAIL : EXIT_OK;
	appeal_send_free(s);
	if (caught) {
		fflush(stdout);
		signal(caught, SIG_DFL);
		raise(caught);
	}
	return rc;
}
