/* SPDX-License-Identifier: MIT */
/* The trip diary in SQLite. Engine layer with file I/O: creates the file
 * privately (0600, directory 0700) before SQLite touches it, migrates the
 * schema by PRAGMA user_version, and makes every change one transaction
 * that validates the whole resulting log first. Only bound parameters;
 * sqlite3 handles never leave this file. Never logs trip data. */
#include "relok/diary.h"

#include "base/alloc_int.h"
#include "base/error_int.h"
#include "base/limits.h"
#include "stay_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct relok_diary {
    sqlite3 *db;
    char *path;
    int schema;
    bool readonly;
    bool never_written;  /* read-only open of an empty file: no trips yet */
};

/* ============================================================ migrations */

/* Migration k (1-based) takes the schema from version k-1 to k. Append only;
 * never edit a released step. */
static const char *const migrations[RELOK_DIARY_SCHEMA] = {
    /* 1: the trips table; dates are ISO text so the file stays readable with
     * the sqlite3 shell. */
    "CREATE TABLE trips ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " country TEXT NOT NULL CHECK (length(country) = 2),"
    " entry TEXT NOT NULL,"
    " exit TEXT,"
    " status TEXT NOT NULL DEFAULT 'visit' CHECK (status IN ('visit', 'permit')));",
    /* 2: lists sort by entry date; remember when a row was added. */
    "CREATE INDEX trips_entry ON trips (entry, id);"
    "ALTER TABLE trips ADD COLUMN added TEXT;",
};

/* ================================================================ errors */

/* RELOK_ENOMEM when SQLite ran out of memory (its allocations are ours and
 * swept, see sql_malloc), else RELOK_EDB. */
static relok_status db_status(relok_diary *d)
{
    return d != NULL && d->db != NULL && (sqlite3_errcode(d->db) & 0xff) == SQLITE_NOMEM
               ? RELOK_ENOMEM
               : RELOK_EDB;
}

static relok_status db_fail(relok_diary *d, relok_error *err, const char *what)
{
    const char *msg = d != NULL && d->db != NULL ? sqlite3_errmsg(d->db) : "no database";
    return relok__fail_at(err, db_status(d), d != NULL ? d->path : NULL, 0, 0, NULL, "%s: %s",
                          what, msg);
}

/* sqlite3_open_v2 failed with code rc. Out of memory it may leave no
 * handle to ask (*ppDb NULL), so its own code decides: this was reported
 * as "no database", an I/O error, when SQLite's first allocation failed
 * (found by the CLI allocation sweep, `relok trip add`). */
static relok_status open_fail(relok_diary *d, relok_error *err, int rc)
{
    if ((rc & 0xff) == SQLITE_NOMEM)
        return relok__fail_at(err, RELOK_ENOMEM, d->path, 0, 0, NULL,
                              "cannot open the diary: out of memory");
    return db_fail(d, err, "cannot open the diary");
}

static relok_status io_fail(relok_error *err, const char *what, const char *path, int e)
{
    char text[128];
    if (strerror_r(e, text, sizeof text) != 0)
        relok__strlcpy(text, "unknown error", sizeof text);
    return relok__fail_at(err, RELOK_EIO, path, 0, 0, NULL, "cannot %s: %s", what, text);
}

/* ============================================================ file setup */

relok_status relok_diary_default_path(char *buf, size_t buf_len, relok_error *err)
{
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    int n;
    if (buf_len > 0)
        buf[0] = '\0';
    if (xdg != NULL && xdg[0] == '/')
        n = snprintf(buf, buf_len, "%s/relok/diary.db", xdg);
    else if (home != NULL && home[0] == '/')
        n = snprintf(buf, buf_len, "%s/.local/share/relok/diary.db", home);
    else
        return relok__fail(err, RELOK_ENOTFOUND,
                           "neither XDG_DATA_HOME nor HOME is set; give the diary path");
    if (n < 0 || (size_t)n >= buf_len)
        return relok__fail(err, RELOK_ELIMIT, "the diary path is too long");
    return RELOK_OK;
}

/* Create every missing directory above path with mode 0700 (mkdir -p of
 * the parent). Directories that exist keep their mode. */
static relok_status make_parents(const char *path, relok_error *err)
{
    char dir[PATH_MAX];
    size_t len = strlen(path);
    if (len >= sizeof dir)
        return relok__fail_at(err, RELOK_EIO, path, 0, 0, NULL, "the path is too long");
    memcpy(dir, path, len + 1);
    char *slash = strrchr(dir, '/');
    if (slash == NULL || slash == dir)
        return RELOK_OK;
    *slash = '\0';
    for (char *p = dir + 1; ; p++) {
        bool end = *p == '\0';
        if (*p == '/' || end) {
            char keep = *p;
            *p = '\0';
            if (mkdir(dir, 0700) != 0 && errno != EEXIST)
                return io_fail(err, "create the directory", dir, errno);
            *p = keep;
            if (end)
                break;
        }
    }
    return RELOK_OK;
}

/* Create the file privately, or make sure it exists. */
static relok_status create_private(const char *path, relok_error *err)
{
    relok_status rc = make_parents(path, err);
    if (rc != RELOK_OK)
        return rc;
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return io_fail(err, "create the diary", path, errno);
    close(fd);
    return RELOK_OK;
}

/* ================================================================== open */

static relok_status exec(relok_diary *d, const char *sql, relok_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(d->db, sql, NULL, NULL, &msg) == SQLITE_OK)
        return RELOK_OK;
    relok_status rc = relok__fail_at(err, db_status(d), d->path, 0, 0, NULL, "%s",
                                     msg != NULL ? msg : sqlite3_errmsg(d->db));
    sqlite3_free(msg);
    return rc;
}

static relok_status read_version(relok_diary *d, int *out, relok_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(d->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return db_fail(d, err, "cannot read the diary");
    int step = sqlite3_step(st);
    relok_status rc = RELOK_OK;
    if (step == SQLITE_ROW)
        *out = sqlite3_column_int(st, 0);
    else
        rc = db_fail(d, err, "cannot read the diary");
    sqlite3_finalize(st);
    return rc;
}

/* Is this file ours, and which version? Reads only, so that a file that
 * is not a diary (or is newer) is left exactly as it was. */
static relok_status check_file(relok_diary *d, int *out_version, relok_error *err)
{
    int v = 0;
    relok_status rc = read_version(d, &v, err);
    if (rc != RELOK_OK)
        return rc;
    if (v < 0)
        return relok__fail_at(err, RELOK_EDB, d->path, 0, 0, NULL,
                              "the file has schema version %d; it is not a relok diary", v);
    if (v > RELOK_DIARY_SCHEMA)
        return relok__fail_at(err, RELOK_EDB, d->path, 0, 0, NULL,
                              "the diary has schema version %d; this relok knows up to %d "
                              "(it was written by a newer relok)",
                              v, RELOK_DIARY_SCHEMA);
    if (v == 0) {
        /* A new file is empty; anything else with version 0 belongs to
         * someone else and is left alone. */
        sqlite3_stmt *st = NULL;
        int n_tables = -1;
        if (sqlite3_prepare_v2(d->db, "SELECT count(*) FROM sqlite_master", -1, &st, NULL) ==
                SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            n_tables = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
        if (n_tables < 0)
            return db_fail(d, err, "cannot read the diary");
        if (n_tables > 0)
            return relok__fail_at(err, RELOK_EDB, d->path, 0, 0, NULL,
                                  "the file is an SQLite database but not a relok diary");
        /* Empty and never written (0 bytes, or an SQLite header with no
         * tables: a first creation cut short). Read-write opens make it a
         * new diary; read-only ones see a diary with no trips. */
        d->never_written = d->readonly;
    }
    *out_version = v;
    return RELOK_OK;
}

/* Bring the schema from version v up to RELOK_DIARY_SCHEMA in one
 * transaction. */
static relok_status migrate(relok_diary *d, int v, relok_error *err)
{
    if (v == RELOK_DIARY_SCHEMA || d->readonly) {
        d->schema = v;
        return RELOK_OK;
    }
    relok_status rc = exec(d, "BEGIN IMMEDIATE", err);
    if (rc != RELOK_OK)
        return rc;
    rc = read_version(d, &v, err); /* another process may have migrated it */
    /* ... or rewritten it: never index the migrations with a version they
     * do not have (a negative user_version read past the array). */
    if (rc == RELOK_OK && (v < 0 || v > RELOK_DIARY_SCHEMA))
        rc = relok__fail_at(err, RELOK_EDB, d->path, 0, 0, NULL,
                            "the diary's schema version changed to %d while opening it", v);
    for (int k = v; rc == RELOK_OK && k < RELOK_DIARY_SCHEMA; k++) {
        rc = exec(d, migrations[k], err);
        if (rc == RELOK_OK) {
            char sql[64];
            snprintf(sql, sizeof sql, "PRAGMA user_version = %d", k + 1);
            rc = exec(d, sql, err);
        }
    }
    if (rc == RELOK_OK)
        rc = exec(d, "COMMIT", err);
    if (rc != RELOK_OK) {
        exec(d, "ROLLBACK", NULL);
        return rc;
    }
    d->schema = RELOK_DIARY_SCHEMA;
    return RELOK_OK;
}

/* ====================================================== SQLite's memory */

/* SQLite allocates through relok__malloc, so the fault-injection sweeps
 * reach its failures too. It needs each block's size (xSize), kept in a
 * header of 16 bytes (8 would misalign long double on some ABIs). */
enum { SQL_HDR = 16 };

static void *sql_malloc(int n)
{
    if (n <= 0)
        return NULL;
    unsigned char *p = relok__malloc((size_t)n + SQL_HDR);
    if (p == NULL)
        return NULL;
    memcpy(p, &n, sizeof n);
    return p + SQL_HDR;
}

static void sql_free(void *p)
{
    if (p != NULL)
        relok__free((unsigned char *)p - SQL_HDR);
}

static int sql_size(void *p)
{
    int n = 0;
    if (p != NULL)
        memcpy(&n, (unsigned char *)p - SQL_HDR, sizeof n);
    return n;
}

static void *sql_realloc(void *p, int n)
{
    if (p == NULL)
        return sql_malloc(n);
    if (n <= 0)
        return NULL;
    unsigned char *q = relok__realloc((unsigned char *)p - SQL_HDR, (size_t)n + SQL_HDR);
    if (q == NULL)
        return NULL;
    memcpy(q, &n, sizeof n);
    return q + SQL_HDR;
}

static int sql_roundup(int n) { return (n + 7) & ~7; }
static int sql_init(void *ud) { (void)ud; return SQLITE_OK; }
static void sql_shutdown(void *ud) { (void)ud; }

static pthread_once_t sql_once = PTHREAD_ONCE_INIT;

static void sql_install(void)
{
    static const sqlite3_mem_methods m = {sql_malloc, sql_free,    sql_realloc, sql_size,
                                          sql_roundup, sql_init, sql_shutdown, NULL};
    /* Fails only when SQLite was initialised already (by another user in
     * the process): then it keeps its own allocator, which is harmless. */
    (void)sqlite3_config(SQLITE_CONFIG_MALLOC, &m);
}

/* May this process write the file and its directory (journal, -shm)? */
static bool writable(const char *path)
{
    if (access(path, W_OK) != 0)
        return false;
    char dir[RELOK_PATH_BUF];
    relok__strlcpy(dir, path, sizeof dir);
    char *slash = strrchr(dir, '/');
    if (slash == NULL)
        return access(".", W_OK) == 0;
    if (slash == dir)
        slash[1] = '\0';
    else
        *slash = '\0';
    return access(dir, W_OK) == 0;
}

/* Reopen d read-only as an immutable database ("file:...?immutable=1":
 * no locks, no -shm, no journal). */
static relok_status reopen_immutable(relok_diary *d, relok_error *err)
{
    char uri[4096 * 3 + 32];
    static const char pre[] = "file:";
    memcpy(uri, pre, sizeof pre - 1);
    size_t n = sizeof pre - 1;
    for (const char *p = d->path; *p != '\0' && n + 4 < sizeof uri - 16; p++) {
        /* URI syntax: these would end or escape the path. */
        if (*p == '%' || *p == '?' || *p == '#')
            n += (size_t)snprintf(uri + n, sizeof uri - n, "%%%02X", (unsigned char)*p);
        else
            uri[n++] = *p;
    }
    snprintf(uri + n, sizeof uri - n, "?immutable=1");
    sqlite3_close(d->db);
    d->db = NULL;
    int orc = sqlite3_open_v2(uri, &d->db,
                              SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
    if (orc != SQLITE_OK)
        return open_fail(d, err, orc);
    sqlite3_extended_result_codes(d->db, 1);
    return RELOK_OK;
}

/* Did reading fail only because a crashed writer's journal or WAL must be
 * replayed first, which a read-only connection may not do? */
static bool needs_writer(const relok_diary *d)
{
    int x = d->db != NULL ? sqlite3_extended_errcode(d->db) : SQLITE_OK;
    return x == SQLITE_READONLY_ROLLBACK || x == SQLITE_READONLY_RECOVERY;
}

/* Let a short read-write connection replay what a crashed writer left
 * (SQLite does so on its first read), then reopen d read-only. */
static relok_status recover_as_writer(relok_diary *d, relok_error *err)
{
    sqlite3_close(d->db);
    d->db = NULL;
    sqlite3 *w = NULL;
    int orc = sqlite3_open_v2(d->path, &w, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
    if (orc == SQLITE_OK) {
        sqlite3_busy_timeout(w, 2000);
        orc = sqlite3_exec(w, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
    }
    sqlite3_close(w);
    if (orc != SQLITE_OK)
        return relok__fail_at(err, (orc & 0xff) == SQLITE_NOMEM ? RELOK_ENOMEM : RELOK_EDB,
                              d->path, 0, 0, NULL, "cannot recover the diary: %s",
                              sqlite3_errstr(orc));
    orc = sqlite3_open_v2(d->path, &d->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
    if (orc != SQLITE_OK)
        return open_fail(d, err, orc);
    sqlite3_extended_result_codes(d->db, 1);
    sqlite3_busy_timeout(d->db, 2000);
    return RELOK_OK;
}

relok_status relok_diary_open(const char *path, unsigned flags, relok_diary **out,
                              relok_error *err)
{
    *out = NULL;
    pthread_once(&sql_once, sql_install);
    if (path == NULL || path[0] == '\0')
        return relok__fail(err, RELOK_EINVAL, "no diary path");
    bool readonly = (flags & RELOK_DIARY_READONLY) != 0;
    struct stat st;
    if (stat(path, &st) != 0) {
        if (errno != ENOENT)
            return io_fail(err, "open the diary", path, errno);
        if (!(flags & RELOK_DIARY_CREATE) || readonly)
            return relok__fail_at(err, RELOK_ENOTFOUND, path, 0, 0, NULL,
                                  "there is no diary yet (add a trip first)");
        relok_status rc = create_private(path, err);
        if (rc != RELOK_OK)
            return rc;
    } else if (!S_ISREG(st.st_mode)) {
        return relok__fail_at(err, RELOK_EIO, path, 0, 0, NULL, "not a regular file");
    }
    relok_diary *d = relok__calloc(1, sizeof *d);
    if (d == NULL)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    d->readonly = readonly;
    d->path = relok__strdup(path);
    relok_status rc = RELOK_OK;
    if (d->path == NULL) {
        rc = relok__fail(err, RELOK_ENOMEM, "out of memory");
        goto out;
    }
    /* The file exists: never let SQLite create one with default modes. */
    int oflags = (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
                 SQLITE_OPEN_NOMUTEX;
    int orc = sqlite3_open_v2(path, &d->db, oflags, NULL);
    if (orc != SQLITE_OK) {
        rc = open_fail(d, err, orc);
        goto out;
    }
    sqlite3_extended_result_codes(d->db, 1);
    sqlite3_busy_timeout(d->db, 2000);
    int version = 0;
    rc = check_file(d, &version, err);
    if (rc != RELOK_OK && readonly && needs_writer(d)) {
        /* A writer died mid-transaction (e.g. `kill -9` during the first
         * import): its hot journal must be rolled back before anyone may
         * read, and a read-only connection cannot. A read-write
         * connection restores the last committed state, as any writer's
         * next open would, and the read-only open is then retried. Where
         * nobody can write, reading the file as immutable would show the
         * half-written pages, so that is refused below. */
        if (err != NULL)
            memset(err, 0, sizeof *err);
        if (!writable(path)) {
            rc = relok__fail_at(err, RELOK_EDB, path, 0, 0, NULL,
                                "the diary has an unfinished write that only a writable "
                                "open can undo (a -journal or -wal file left by a crashed "
                                "relok); open it where it can be written");
            goto out;
        }
        rc = recover_as_writer(d, err);
        if (rc != RELOK_OK)
            goto out;
        rc = check_file(d, &version, err);
    }
    if (rc != RELOK_OK && readonly && !writable(path)) {
        /* A WAL diary in a read-only file or directory: SQLite cannot make
         * the -shm file a reader needs. Nobody can write there either, so
         * the file cannot change under us: read it as immutable. */
        relok_error e2 = {0};
        if (reopen_immutable(d, &e2) == RELOK_OK &&
            check_file(d, &version, &e2) == RELOK_OK) {
            if (err != NULL)
                memset(err, 0, sizeof *err);
            rc = RELOK_OK;
        }
    }
    if (rc == RELOK_OK && !readonly) {
        rc = exec(d, "PRAGMA journal_mode = WAL", err);
        if (rc == RELOK_OK)
            rc = exec(d, "PRAGMA synchronous = NORMAL", err);
    }
    if (rc == RELOK_OK)
        rc = migrate(d, version, err);
out:
    if (rc != RELOK_OK) {
        relok_diary_close(d);
        return rc;
    }
    *out = d;
    return RELOK_OK;
}

void relok_diary_close(relok_diary *d)
{
    if (d == NULL)
        return;
    sqlite3_close(d->db);
    relok__free(d->path);
    relok__free(d);
}

int relok_diary_schema(const relok_diary *d) { return d != NULL ? d->schema : 0; }

/* ================================================================= reads */

static relok_status row_date(relok_diary *d, sqlite3_stmt *st, int col, int64_t id,
                             relok_day *out, relok_error *err)
{
    const unsigned char *s = sqlite3_column_text(st, col);
    int len = sqlite3_column_bytes(st, col);
    if (s == NULL || relok_date_parse((const char *)s, (size_t)len, out, NULL) != RELOK_OK)
        return relok__fail_at(err, RELOK_EDB, d->path, 0, 0, NULL,
                              "stored trip %lld has a bad %s date", (long long)id,
                              col == 2 ? "entry" : "exit");
    return RELOK_OK;
}

relok_status relok_diary_list(relok_diary *d, relok_arena *arena, relok_trip **out,
                              size_t *out_n, relok_error *err)
{
    *out = NULL;
    *out_n = 0;
    if (d == NULL || arena == NULL)
        return relok__fail(err, RELOK_EINVAL, "no diary");
    if (d->never_written)
        return RELOK_OK; /* no trips table yet: no trips */
    sqlite3_stmt *st = NULL;
    relok_trip *trips = NULL;
    size_t n = 0, cap = 0;
    relok_status rc = RELOK_OK;
    if (sqlite3_prepare_v2(d->db,
                           "SELECT id, country, entry, exit, status FROM trips "
                           "ORDER BY entry, id",
                           -1, &st, NULL) != SQLITE_OK)
        return db_fail(d, err, "cannot read the diary");
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            size_t ncap = cap == 0 ? 16 : cap * 2;
            relok_trip *bigger = relok_arena_calloc(arena, ncap, sizeof *bigger);
            if (bigger == NULL) {
                rc = relok__fail(err, RELOK_ENOMEM, "out of memory");
                goto out;
            }
            if (n > 0)
                memcpy(bigger, trips, n * sizeof *trips);
            trips = bigger;
            cap = ncap;
        }
        relok_trip *t = &trips[n];
        memset(t, 0, sizeof *t);
        int64_t id = sqlite3_column_int64(st, 0);
        const unsigned char *cc = sqlite3_column_text(st, 1);
        const unsigned char *status = sqlite3_column_text(st, 4);
        if (id < 1 || id > (int64_t)UINT_MAX || cc == NULL || sqlite3_column_bytes(st, 1) != 2 ||
            status == NULL) {
            rc = relok__fail_at(err, RELOK_EDB, d->path, 0, 0, NULL,
                                "stored trip %lld is damaged", (long long)id);
            goto out;
        }
        t->line = (unsigned)id;
        t->origin = RELOK_TRIP_FROM_DIARY;
        t->country[0] = (char)cc[0];
        t->country[1] = (char)cc[1];
        t->status = strcmp((const char *)status, "permit") == 0 ? RELOK_TRIP_PERMIT
                                                                  : RELOK_TRIP_VISIT;
        rc = row_date(d, st, 2, id, &t->entry, err);
        t->exit = RELOK_DAY_NONE;
        if (rc == RELOK_OK && sqlite3_column_type(st, 3) != SQLITE_NULL)
            rc = row_date(d, st, 3, id, &t->exit, err);
        if (rc != RELOK_OK)
            goto out;
        n++;
    }
    if (step != SQLITE_DONE) {
        rc = db_fail(d, err, "cannot read the diary");
        goto out;
    }
    if (trips == NULL) {
        trips = relok_arena_calloc(arena, 1, sizeof *trips);
        if (trips == NULL) {
            rc = relok__fail(err, RELOK_ENOMEM, "out of memory");
            goto out;
        }
    }
    *out = trips;
    *out_n = n;
out:
    sqlite3_finalize(st);
    return rc;
}

/* ================================================================ writes */

static relok_status begin(relok_diary *d, relok_error *err)
{
    if (d->readonly)
        return relok__fail_at(err, RELOK_EDB, d->path, 0, 0, NULL,
                              "the diary is open read-only");
    return exec(d, "BEGIN IMMEDIATE", err);
}

static relok_status finish(relok_diary *d, relok_status rc, relok_error *err)
{
    if (rc == RELOK_OK) {
        rc = exec(d, "COMMIT", err);
        if (rc == RELOK_OK)
            return RELOK_OK;
    }
    exec(d, "ROLLBACK", NULL);
    return rc;
}

static relok_status insert(relok_diary *d, sqlite3_stmt *st, const relok_trip *t,
                           int64_t *out_id, relok_error *err)
{
    char b1[RELOK_DATE_BUF], b2[RELOK_DATE_BUF];
    char cc[3] = {t->country[0], t->country[1], '\0'};
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (sqlite3_bind_text(st, 1, cc, 2, SQLITE_TRANSIENT) != SQLITE_OK ||
        sqlite3_bind_text(st, 2, relok_date_format(t->entry, b1), 10, SQLITE_TRANSIENT) !=
            SQLITE_OK ||
        (t->exit == RELOK_DAY_NONE
             ? sqlite3_bind_null(st, 3)
             : sqlite3_bind_text(st, 3, relok_date_format(t->exit, b2), 10, SQLITE_TRANSIENT)) !=
            SQLITE_OK ||
        sqlite3_bind_text(st, 4, t->status == RELOK_TRIP_PERMIT ? "permit" : "visit", -1,
                          SQLITE_STATIC) != SQLITE_OK)
        return db_fail(d, err, "cannot store the trip");
    if (sqlite3_step(st) != SQLITE_DONE)
        return db_fail(d, err, "cannot store the trip");
    if (out_id != NULL)
        *out_id = sqlite3_last_insert_rowid(d->db);
    return RELOK_OK;
}

/* Inside a transaction: stored trips + new ones, validated together, then
 * inserted. */
static relok_status add_many(relok_diary *d, const relok_trip *trips, size_t n,
                             relok_day today, const char *source, int64_t *last_id,
                             relok_error *err)
{
    relok_arena *a = relok_arena_new(0);
    sqlite3_stmt *st = NULL;
    relok_trip *all = NULL;
    if (a == NULL)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    relok_trip *stored = NULL;
    size_t n_stored = 0;
    /* The new rows alone first, so that their own problems name their
     * lines; then together with the stored trips. */
    relok_status rc = relok_trips_validate_plans(trips, n, today, source, err);
    if (rc == RELOK_OK)
        rc = relok_diary_list(d, a, &stored, &n_stored, err);
    if (rc != RELOK_OK)
        goto out;
    if (n_stored + n > RELOK_MAX_TRIPS) {
        rc = relok__fail_at(err, RELOK_ELIMIT, source, 0, 0, NULL,
                            "the diary would hold more than %u trips", RELOK_MAX_TRIPS);
        goto out;
    }
    all = relok_arena_calloc(a, n_stored + n + 1, sizeof *all);
    if (all == NULL) {
        rc = relok__fail(err, RELOK_ENOMEM, "out of memory");
        goto out;
    }
    /* Stored trips first: a problem is then blamed on the new rows. */
    if (n_stored > 0)
        memcpy(all, stored, n_stored * sizeof *all);
    memcpy(all + n_stored, trips, n * sizeof *all);
    rc = relok_trips_validate_plans(all, n + n_stored, today, source, err);
    if (rc != RELOK_OK)
        goto out;
    if (sqlite3_prepare_v2(d->db,
                           "INSERT INTO trips (country, entry, exit, status, added) "
                           "VALUES (?1, ?2, ?3, ?4, date('now'))",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = db_fail(d, err, "cannot store the trips");
        goto out;
    }
    for (size_t i = 0; i < n && rc == RELOK_OK; i++)
        rc = insert(d, st, &trips[i], last_id, err);
out:
    sqlite3_finalize(st);
    relok_arena_free(a);
    return rc;
}

relok_status relok_diary_add(relok_diary *d, const relok_trip *trip, relok_day today,
                             int64_t *out_id, relok_error *err)
{
    if (d == NULL || trip == NULL)
        return relok__fail(err, RELOK_EINVAL, "no diary or trip");
    relok_status rc = begin(d, err);
    if (rc != RELOK_OK)
        return rc;
    int64_t id = 0;
    relok_trip t = *trip;
    if (t.origin == RELOK_TRIP_FROM_API)
        t.origin = RELOK_TRIP_FROM_ARGV;
    rc = add_many(d, &t, 1, today, d->path, &id, err);
    rc = finish(d, rc, err);
    if (rc == RELOK_OK && out_id != NULL)
        *out_id = id;
    return rc;
}

relok_status relok_diary_import(relok_diary *d, const relok_trip *trips, size_t n,
                                relok_day today, const char *source, size_t *out_added,
                                relok_error *err)
{
    if (out_added != NULL)
        *out_added = 0;
    if (d == NULL || (trips == NULL && n > 0))
        return relok__fail(err, RELOK_EINVAL, "no diary or trips");
    relok_status rc = begin(d, err);
    if (rc != RELOK_OK)
        return rc;
    rc = add_many(d, trips, n, today, source, NULL, err);
    rc = finish(d, rc, err);
    if (rc == RELOK_OK && out_added != NULL)
        *out_added = n;
    return rc;
}

relok_status relok_diary_import_file(relok_diary *d, const char *path, relok_trips_format fmt,
                                     relok_day today, size_t *out_added, relok_error *err)
{
    if (out_added != NULL)
        *out_added = 0;
    relok_arena *a = relok_arena_new(0);
    if (a == NULL)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    relok_trip *t = NULL;
    size_t n = 0;
    relok_status rc = relok_trips_load(path, fmt, a, &t, &n, err);
    if (rc == RELOK_OK)
        rc = relok_diary_import(d, t, n, today, path, out_added, err);
    relok_arena_free(a);
    return rc;
}

relok_status relok_diary_end(relok_diary *d, const char *country, relok_day exit,
                             relok_day today, int64_t *out_id, relok_error *err)
{
    if (d == NULL || country == NULL)
        return relok__fail(err, RELOK_EINVAL, "no diary or country");
    relok_status rc = begin(d, err);
    if (rc != RELOK_OK)
        return rc;
    relok_arena *a = relok_arena_new(0);
    sqlite3_stmt *st = NULL;
    int64_t id = 0;
    relok_trip *all = NULL;
    size_t n = 0;
    if (a == NULL) {
        rc = relok__fail(err, RELOK_ENOMEM, "out of memory");
        goto out;
    }
    rc = relok_diary_list(d, a, &all, &n, err);
    if (rc != RELOK_OK)
        goto out;
    size_t k = n;
    for (size_t i = 0; i < n; i++)
        if (all[i].status == RELOK_TRIP_VISIT && all[i].exit == RELOK_DAY_NONE &&
            strcmp(all[i].country, country) == 0)
            k = i;
    if (k == n) {
        rc = relok__fail_at(err, RELOK_ENOTFOUND, d->path, 0, 0, NULL,
                            "no trip to %.2s is in progress", country);
        goto out;
    }
    all[k].exit = exit;
    id = all[k].line;
    rc = relok_trips_validate(all, n, today, d->path, err);
    if (rc != RELOK_OK)
        goto out;
    char b1[RELOK_DATE_BUF];
    if (sqlite3_prepare_v2(d->db, "UPDATE trips SET exit = ?1 WHERE id = ?2", -1, &st, NULL) !=
            SQLITE_OK ||
        sqlite3_bind_text(st, 1, relok_date_format(exit, b1), 10, SQLITE_TRANSIENT) !=
            SQLITE_OK ||
        sqlite3_bind_int64(st, 2, id) != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE)
        rc = db_fail(d, err, "cannot update the trip");
out:
    sqlite3_finalize(st);
    relok_arena_free(a);
    rc = finish(d, rc, err);
    if (rc == RELOK_OK && out_id != NULL)
        *out_id = id;
    return rc;
}

relok_status relok_diary_remove(relok_diary *d, int64_t id, relok_error *err)
{
    if (d == NULL)
        return relok__fail(err, RELOK_EINVAL, "no diary");
    relok_status rc = begin(d, err);
    if (rc != RELOK_OK)
        return rc;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(d->db, "DELETE FROM trips WHERE id = ?1", -1, &st, NULL) !=
            SQLITE_OK ||
        sqlite3_bind_int64(st, 1, id) != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE)
        rc = db_fail(d, err, "cannot remove the trip");
    else if (sqlite3_changes(d->db) == 0)
        rc = relok__fail_at(err, RELOK_ENOTFOUND, d->path, 0, 0, NULL, "there is no trip %lld",
                            (long long)id);
    sqlite3_finalize(st);
    return finish(d, rc, err);
}

relok_status relok_diary_export(relok_diary *d, relok_trips_format fmt, char **out,
                                relok_error *err)
{
    *out = NULL;
    if (d == NULL || (fmt != RELOK_TRIPS_CSV && fmt != RELOK_TRIPS_JSON))
        return relok__fail(err, RELOK_EINVAL, "export needs a diary and csv or json");
    relok_arena *a = relok_arena_new(0);
    if (a == NULL)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    relok_trip *t = NULL;
    size_t n = 0;
    relok_status rc = relok_diary_list(d, a, &t, &n, err);
    if (rc == RELOK_OK)
        rc = fmt == RELOK_TRIPS_CSV ? relok_trips_to_csv(t, n, out, err)
                                    : relok_trips_to_json(t, n, RELOK_TRIPS_JSON_PRETTY, out, err);
    relok_arena_free(a);
    return rc;
}
