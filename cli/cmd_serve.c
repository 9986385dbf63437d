/* SPDX-License-Identifier: MIT */
/* relok serve: run the HTTP server (JSON API and web UI) until SIGINT or
 * SIGTERM; SIGHUP reloads the knowledge base. Faces layer: option parsing
 * here, the server itself in server/ (relok/server.h). Without
 * RELOK_SERVER the command only says that it was not built. */
#include "cli.h"

#ifdef RELOK_HAVE_SERVER
#include "relok/server.h"
#endif

#include "relok/limits.h"

#include <string.h>

static void serve_help(cli_ctx *ctx)
{
    fprintf(ctx->out,
            "%s: relok serve [--bind ADDR] [--port N] [--kb DIR] [--web DIR] [--threads N] "
            "[--access-log]\n"
            "             [--max-conns N] [--max-conns-per-ip N] [--head-timeout S] "
            "[--body-timeout S] [--body-budget MIB]\n"
            "             [--sim-agents N] [--sim-runs N] [--precompute]\n\n%s\n\n",
            cli_tr(ctx, "Usage", "Запуск"),
            cli_tr(ctx,
                   "Serve the JSON API (docs/api.md, /api/openapi.json) and the web UI. Trip "
                   "logs and profiles sent to it are forgotten once answered and never logged. "
                   "SIGHUP reloads the knowledge base (an invalid one is refused and the old one "
                   "kept); SIGINT or SIGTERM finish the requests in flight and stop.",
                   "Запустить JSON API (docs/api.md, /api/openapi.json) и веб-интерфейс. "
                   "Присланные поездки и профили забываются после ответа и никогда не "
                   "записываются в журнал. SIGHUP перечитывает базу знаний (ошибочная "
                   "отвергается, остаётся прежняя); SIGINT или SIGTERM завершают начатые "
                   "запросы и останавливают сервер."));
    cli_help_opt(ctx, "--bind ADDR",
            cli_tr(ctx, "IPv4 or IPv6 address to listen on (default: 127.0.0.1)",
                   "адрес IPv4 или IPv6 для приёма соединений (по умолчанию: 127.0.0.1)"));
    cli_help_opt(ctx, "--port N",
            cli_tr(ctx, "TCP port (default: 8080; 0 picks a free one)",
                   "TCP-порт (по умолчанию: 8080; 0 — любой свободный)"));
    cli_help_opt(ctx, "--web DIR",
            cli_tr(ctx, "web UI files (default: the web directory next to the shipped data)",
                   "файлы веб-интерфейса (по умолчанию: каталог 'web' рядом с данными)"));
    cli_help_opt(ctx, "--threads N",
            cli_tr(ctx, "worker threads, 1-64 (default: one per CPU)",
                   "рабочие потоки, 1-64 (по умолчанию: по одному на процессор)"));
    cli_help_opt(ctx, "--access-log",
            cli_tr(ctx,
                   "log each request to stderr: method, route template, status and duration "
                   "only (default: off)",
                   "записывать каждый запрос в поток ошибок: только метод, шаблон пути, статус и "
                   "длительность (по умолчанию: выключено)"));
    cli_help_opt(ctx, "--max-conns N",
            cli_tr(ctx, "open connections in all (default: 512)",
                   "открытых соединений всего (по умолчанию: 512)"));
    cli_help_opt(ctx, "--max-conns-per-ip N",
            cli_tr(ctx, "open connections from one client address (default: 32)",
                   "открытых соединений с одного адреса (по умолчанию: 32)"));
    cli_help_opt(ctx, "--head-timeout S",
            cli_tr(ctx,
                   "seconds for a complete request head; trickling bytes do not extend it "
                   "(default: 10)",
                   "секунд на заголовок запроса целиком; медленная передача не продлевает "
                   "срок (по умолчанию: 10)"));
    cli_help_opt(ctx, "--body-timeout S",
            cli_tr(ctx, "seconds for a complete request body after its head (default: 30)",
                   "секунд на тело запроса после заголовка (по умолчанию: 30)"));
    cli_help_opt(ctx, "--body-budget MIB",
            cli_tr(ctx,
                   "MiB of request bodies held at once; beyond it 503 with Retry-After "
                   "(default: 32)",
                   "МиБ тел запросов в памяти одновременно; сверх этого — 503 с Retry-After "
                   "(по умолчанию: 32)"));
    cli_help_opt(ctx, "--sim-agents N",
            cli_tr(ctx, "agents per run of the scenarios' precomputed ensembles (default: 4000)",
                   "агентов в прогоне заранее рассчитанных сценариев (по умолчанию: 4000)"));
    cli_help_opt(ctx, "--sim-runs N",
            cli_tr(ctx, "runs of each precomputed ensemble (default: 16)",
                   "прогонов каждого заранее рассчитанного сценария (по умолчанию: 16)"));
    cli_help_opt(ctx, "--precompute",
            cli_tr(ctx,
                   "compute every scenario's ensemble in the background at start (make run); "
                   "without it, each when first asked for",
                   "рассчитать все сценарии в фоне при запуске ('make run'); без этого — "
                   "каждый при первом запросе"));
}

/* Strict unsigned number in [lo, hi]. */
static bool parse_uint(const char *s, unsigned long lo, unsigned long hi, unsigned long *out)
{
    unsigned long v = 0;
    if (s == NULL || *s == '\0')
        return false;
    for (const char *p = s; *p != '\0'; p++) {
        if (*p < '0' || *p > '9' || v > hi)
            return false;
        v = v * 10 + (unsigned long)(*p - '0');
    }
    if (v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

int cmd_serve(cli_ctx *ctx, int argc, char **argv)
{
    const char *bind = NULL, *port_s = NULL, *web = NULL, *threads_s = NULL;
    /* Protections (docs/api.md "Limits"); see limit_opts below. */
    const char *lim_s[7] = {NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    bool access_log = false, help = false, precompute = false;
    const cli_opt opts[] = {{"bind", CLI_OPT_STRING, &bind, NULL},
                            {"port", CLI_OPT_STRING, &port_s, NULL},
                            {"web", CLI_OPT_STRING, &web, NULL},
                            {"threads", CLI_OPT_STRING, &threads_s, NULL},
                            {"access-log", CLI_OPT_FLAG, NULL, &access_log},
                            {"max-conns", CLI_OPT_STRING, &lim_s[0], NULL},
                            {"max-conns-per-ip", CLI_OPT_STRING, &lim_s[1], NULL},
                            {"head-timeout", CLI_OPT_STRING, &lim_s[2], NULL},
                            {"body-timeout", CLI_OPT_STRING, &lim_s[3], NULL},
                            {"body-budget", CLI_OPT_STRING, &lim_s[4], NULL},
                            {"sim-agents", CLI_OPT_STRING, &lim_s[5], NULL},
                            {"sim-runs", CLI_OPT_STRING, &lim_s[6], NULL},
                            {"precompute", CLI_OPT_FLAG, NULL, &precompute},
                            {NULL, CLI_OPT_FLAG, NULL, NULL}};
    size_t n_pos = 0;
    int rc = cli_parse(ctx, "serve", argc, argv, opts, NULL, 0, &n_pos, &help);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (help) {
        serve_help(ctx);
        return CLI_EXIT_OK;
    }
    unsigned long port = 8080, threads = 0;
    if (port_s != NULL && !parse_uint(port_s, 0, 65535, &port))
        return cli_usage(ctx, "serve", "--port: %s '%s'",
                         cli_tr(ctx, "expected 0-65535, got", "ожидается 0-65535, получено"),
                         port_s);
    if (threads_s != NULL && !parse_uint(threads_s, 1, 64, &threads))
        return cli_usage(ctx, "serve", "--threads: %s '%s'",
                         cli_tr(ctx, "expected 1-64, got", "ожидается 1-64, получено"),
                         threads_s);
    /* Ranges: at least one of each; the upper bounds keep a typo from
     * disabling a protection (a day-long deadline, 64 GiB of bodies). */
    static const struct {
        const char *name;
        unsigned long hi;
    } limit_opts[7] = {{"--max-conns", 100000},
                       {"--max-conns-per-ip", 100000},
                       {"--head-timeout", 3600},
                       {"--body-timeout", 3600},
                       {"--body-budget", 65536},
                       {"--sim-agents", RELOK_MAX_SIM_AGENTS},
                       {"--sim-runs", RELOK_MAX_SIM_RUNS}};
    unsigned long lim[7] = {0, 0, 0, 0, 0, 0, 0};
    for (size_t i = 0; i < 7; i++)
        if (lim_s[i] != NULL && !parse_uint(lim_s[i], 1, limit_opts[i].hi, &lim[i]))
            return cli_usage(ctx, "serve", "%s: %s 1-%lu, %s '%s'", limit_opts[i].name,
                             cli_tr(ctx, "expected", "ожидается"), limit_opts[i].hi,
                             cli_tr(ctx, "got", "получено"), lim_s[i]);
#ifdef RELOK_HAVE_SERVER
    relok_server_opts o = {.max_conns = (unsigned)lim[0],
                           .max_conns_per_ip = (unsigned)lim[1],
                           .head_timeout_s = (unsigned)lim[2],
                           .body_timeout_s = (unsigned)lim[3],
                           .body_budget = (size_t)lim[4] * 1024u * 1024u,
                           .bind = bind,
                           .port = (uint16_t)port,
                           .kb_dir = ctx->kb_dir,
                           .web_dir = web,
                           .threads = (unsigned)threads,
                           .access_log = access_log,
                           .sim_precompute = precompute,
                           .sim_agents = (unsigned)lim[5],
                           .sim_runs = (unsigned)lim[6]};
    /* Before the server starts, so its threads inherit the mask and only
     * relok_server_wait takes these signals. */
    relok_server_block_signals();
    relok_server *srv = NULL;
    relok_error err = {0};
    relok_status s = relok_server_start(&o, &srv, &err);
    if (s != RELOK_OK)
        return cli_report(ctx, &err, s);
    const char *host = bind != NULL ? bind : "127.0.0.1";
    bool v6 = strchr(host, ':') != NULL;
    fprintf(ctx->out, "relok: %s http://%s%s%s:%u/ (%s)\n",
            cli_tr(ctx, "serving on", "сервер работает на"), v6 ? "[" : "", host, v6 ? "]" : "",
            (unsigned)relok_server_port(srv),
            cli_tr(ctx, "Ctrl-C stops", "Ctrl-C — остановить"));
    fflush(ctx->out);
    (void)relok_server_wait(srv); /* which of SIGINT/SIGTERM does not matter */
    relok_server_stop(srv);
    return CLI_EXIT_OK;
#else
    (void)bind;
    (void)web;
    (void)access_log;
    cli_errorf(ctx, "%s",
               cli_tr(ctx,
                      "this relok was built without the HTTP server (RELOK_SERVER=OFF; it needs "
                      "libmicrohttpd)",
                      "эта сборка relok не содержит HTTP-сервера (RELOK_SERVER=OFF; нужна "
                      "libmicrohttpd)"));
    return CLI_EXIT_USAGE;
#endif
}
