/* appeal serve: the web form for stands and offices (docs/serve.md). */
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "serve.h"

static const char serve_usage[] =
	N_("usage: appeal serve [--port 8080] [--bind 127.0.0.1] [--letter ID|PATH] [options]\n"
	   "\n"
	   "A web page where people sign the letter: each gets a PDF, or at a stand\n"
	   "(--stand) joins a list that 'appeal batch' prints at the end of the day.\n"
	   "\n"
	   "  -p, --port N           port to listen on (default 8080; 0: any free port)\n"
	   "  -b, --bind ADDRESS     address to listen on (default 127.0.0.1: this computer only)\n"
	   "  -l, --letter ID|PATH   the campaign (default: the only or default one)\n"
	   "  -d, --date YYYY-MM-DD  the letters' date (default: the day each is made)\n"
	   "  -s, --stand FILE       stand mode: append each signer who agrees to FILE (CSV)\n"
	   "      --paper a4|letter  paper size (default a4)\n"
	   "  -j, --jobs N           letters made at once (default: one per core)\n"
	   "\n"
	   "Stops cleanly on Ctrl-C (SIGINT) or SIGTERM.\n");

struct serve_args {
	const char *port, *bind, *letter, *date, *stand, *jobs;
	enum appeal_paper paper;
};

static int parse(int argc, char **argv, struct serve_args *a)
{
	enum { O_PAPER = 256 };
	static const struct option longopts[] = {
		{"port", required_argument, NULL, 'p'},  {"bind", required_argument, NULL, 'b'},
		{"letter", required_argument, NULL, 'l'}, {"date", required_argument, NULL, 'd'},
		{"stand", required_argument, NULL, 's'}, {"paper", required_argument, NULL, O_PAPER},
		{"jobs", required_argument, NULL, 'j'},  {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":p:b:l:d:s:j:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p': a->port = optarg; break;
		case 'b': a->bind = optarg; break;
		case 'l': a->letter = optarg; break;
		case 'd': a->date = optarg; break;
		case 's': a->stand = optarg; break;
		case 'j': a->jobs = optarg; break;
		case O_PAPER:
			if (cli_paper(optarg, &a->paper))
				return EXIT_USAGE;
			break;
		case 'h': fputs(_(serve_usage), stdout); return -1;
		case ':':
			cli_fail(_("option '%s' needs a value"), argv[optind - 1]);
			cli_hint(_("see 'appeal serve --help'"));
			return EXIT_USAGE;
		default:
			cli_fail(_("unknown option '%s'"), argv[optind - 1]);
			cli_hint(_("see 'appeal serve --help'"));
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cli_fail(_("unexpected argument '%s'"), argv[optind]);
		cli_hint(_("see 'appeal serve --help'"));
		return EXIT_USAGE;
	}
	return 0;
}

static int number(const char *text, const char *option, long min, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(text, &end, 10);
	if (errno || end == text || *end || v < min || v > max) {
		cli_fail(_("%s must be a number from %ld to %ld, not '%s'"), option, min, max, text);
		return -1;
	}
	*out = v;
	return 0;
}

/* The address to listen on, numeric or a name such as "localhost". */
static int resolve(const char *host, const char *port, struct sockaddr_storage *addr, bool *loopback,
                   char *shown, size_t shown_size)
{
	struct addrinfo hints = {0}, *res = NULL;
	char numeric[NI_MAXHOST];

	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	int rc = getaddrinfo(host, port, &hints, &res);
	if (rc != 0 || !res) {
		cli_fail(_("cannot listen on '%s': %s"), host, gai_strerror(rc));
		cli_hint(_("give an address of this computer, such as 127.0.0.1, ::1 or 0.0.0.0"));
		return -1;
	}
	memcpy(addr, res->ai_addr, res->ai_addrlen);
	freeaddrinfo(res);
	if (addr->ss_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)addr;
		*loopback = (ntohl(in->sin_addr.s_addr) >> 24) == 127;
	} else {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)addr;
		*loopback = IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
	}
	if (getnameinfo((const struct sockaddr *)addr, sizeof(*addr), numeric, sizeof(numeric), NULL, 0,
	                NI_NUMERICHOST) != 0)
		snprintf(numeric, sizeof(numeric), "%s", host);
	snprintf(shown, shown_size, addr->ss_family == AF_INET6 ? "[%s]" : "%s", numeric);
	return 0;
}

static bool wildcard(const struct sockaddr_storage *addr)
{
	if (addr->ss_family == AF_INET)
		return ((const struct sockaddr_in *)addr)->sin_addr.s_addr == htonl(INADDR_ANY);
	return IN6_IS_ADDR_UNSPECIFIED(&((const struct sockaddr_in6 *)addr)->sin6_addr);
}

int cmd_serve(int argc, char **argv)
{
	struct serve_args a = {0};
	struct serve_options o = {0};
	struct appeal_letter *own_letter = NULL;
	struct appeal_catalog *own_cat = NULL;
	struct appeal_error err = {0};
	struct sockaddr_storage addr;
	struct workers *workers = NULL;
	struct http *http = NULL;
	char shown[NI_MAXHOST + 2];
	long port = 8080, jobs = sysconf(_SC_NPROCESSORS_ONLN);
	sigset_t stop;
	int rc = parse(argc, argv, &a), sig = 0;

	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if ((a.port && number(a.port, "--port", 0, 65535, &port)) || (a.jobs && number(a.jobs, "--jobs", 1, 64, &jobs)))
		return EXIT_USAGE;
	if (jobs < 1)
		jobs = 1;
	if (a.date && appeal_date_parse(&o.date, a.date, &err)) {
		cli_report(&err);
		return EXIT_USAGE;
	}
	char port_text[8];
	snprintf(port_text, sizeof(port_text), "%ld", port);
	if (resolve(a.bind ? a.bind : "127.0.0.1", port_text, &addr, &o.loopback, shown, sizeof(shown)))
		return EXIT_USAGE;
	rc = EXIT_FAIL;
	if (!(o.letter = cli_pick_letter(a.letter, &own_letter, &own_cat)))
		goto out;
	o.font_dir = cli_font_dir();
	o.paper = a.paper;
	o.writers = (int)jobs;
	if (ui_load()) {
		cli_fail(_("out of memory"));
		goto out;
	}
	if (a.stand && !(o.stand = stand_open(a.stand)))
		goto out;

	/* Every thread started from here inherits the mask; this one waits. */
	/* A shell starts background jobs with SIGINT ignored; here it stops us. */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (!(workers = workers_start(&o, o.writers)))
		goto out;
	if (!(http = http_start(&o, workers, (const struct sockaddr *)&addr, shown))) {
		cli_fail(_("cannot listen on %s port %ld: %s"), shown, port, strerror(errno));
		cli_hint(port ? _("another program may be using the port: try --port 0 for any free one")
		              : _("check the address with 'ip address'"));
		goto out;
	}
	if (!o.loopback) {
		cli_warn(_("LISTENING ON %s: ANYONE WHO CAN REACH THIS COMPUTER ON THE NETWORK CAN USE THE FORM%s"), shown,
		         o.stand ? _(" AND ADD NAMES TO THE STAND FILE") : "");
		cli_hint(_("use this on a network you trust; without --bind only this computer can open the page"));
	}
	/* The line a person (or a test) reads to know where to go. */
	printf(_("appeal: serving '%s' at http://%s:%u/\n"), appeal_letter_id(o.letter),
	       wildcard(&addr) ? (addr.ss_family == AF_INET6 ? "[::1]" : "127.0.0.1") : shown, http_port(http));
	if (o.stand)
		printf(_("appeal: stand mode: signers who agree are added to %s; print them with 'appeal batch %s'\n"),
		       stand_path(o.stand), stand_path(o.stand));
	printf(_("appeal: press Ctrl-C to stop\n"));
	fflush(stdout);

	while (sigwait(&stop, &sig) != 0)
		;
	fprintf(stderr, _("appeal: stopping (%s): finishing the letters under way\n"),
	        sig == SIGINT ? "SIGINT" : "SIGTERM");
	http_quiesce(http);
	workers_stop(workers);
	http_stop(http);
	http = NULL;
	if (o.stand)
		fprintf(stderr, P_("appeal: %zu signer added to %s\n", "appeal: %zu signers added to %s\n", stand_rows(o.stand)),
		        stand_rows(o.stand), stand_path(o.stand));
	rc = EXIT_OK;
out:
	http_stop(http);
	workers_stop(workers);
	workers_free(workers);
	stand_close(o.stand);
	ui_free();
	appeal_letter_free(own_letter);
	appeal_catalog_free(own_cat);
	return rc;
}
