/* SPDX-License-Identifier: MIT */
/* Plain-text tables that fit 100 columns, and word wrapping, for UTF-8
 * English and Russian text (one column per code point). Faces layer. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

void cli_table_init(cli_table *t, size_t n_cols, const char *const *headers)
{
    memset(t, 0, sizeof *t);
    t->n_cols = n_cols > CLI_TABLE_MAX_COLS ? CLI_TABLE_MAX_COLS : n_cols;
    for (size_t c = 0; c < t->n_cols; c++)
        t->headers[c] = headers[c];
}

int cli_table_add(cli_table *t, const char *const *cells)
{
    if (t->n_rows == t->cap_rows) {
        size_t cap = t->cap_rows == 0 ? 32 : t->cap_rows * 2;
        char ***bigger = realloc(t->rows, cap * sizeof *bigger);
        if (bigger == NULL)
            return -1;
        t->rows = bigger;
        t->cap_rows = cap;
    }
    char **row = calloc(t->n_cols, sizeof *row);
    if (row == NULL)
        return -1;
    for (size_t c = 0; c < t->n_cols; c++) {
        const char *s = cells[c] != NULL ? cells[c] : "";
        row[c] = strdup(s);
        if (row[c] == NULL) {
            for (size_t k = 0; k < c; k++)
                free(row[k]);
            free(row);
            return -1;
        }
    }
    t->rows[t->n_rows++] = row;
    return 0;
}

void cli_table_free(cli_table *t)
{
    for (size_t r = 0; r < t->n_rows; r++) {
        for (size_t c = 0; c < t->n_cols; c++)
            free(t->rows[r][c]);
        free(t->rows[r]);
    }
    free(t->rows);
    memset(t, 0, sizeof *t);
}

/* Bytes of s that fit in `width` columns, breaking after a space when
 * possible (else mid-word); *next gets where the following line starts. */
static size_t line_fit(const char *s, size_t width, const char **next)
{
    size_t cols = 0, last_space = 0;
    const char *p = s;
    while (*p != '\0') {
        if (((unsigned char)*p & 0xC0) != 0x80) {
            if (cols == width)
                break;
            cols++;
            if (*p == ' ')
                last_space = (size_t)(p - s);
        }
        p++;
    }
    if (*p == '\0') {
        *next = p;
        return (size_t)(p - s);
    }
    if (last_space > 0) {
        *next = s + last_space + 1;
        return last_space;
    }
    *next = p;
    return (size_t)(p - s);
}

/* A line being assembled, printed without trailing spaces. */
typedef struct line_buf {
    char text[4096];
    size_t len;
} line_buf;

static void lb_put(line_buf *lb, const char *s)
{
    size_t n = strlen(s);
    if (lb->len >= sizeof lb->text - 1)
        return; /* full (also tells GCC's -O3 overflow check that n cannot wrap) */
    if (lb->len + n >= sizeof lb->text)
        n = sizeof lb->text - 1 - lb->len;
    memcpy(lb->text + lb->len, s, n);
    lb->len += n;
    lb->text[lb->len] = '\0';
}

static void lb_flush(line_buf *lb, FILE *out)
{
    while (lb->len > 0 && lb->text[lb->len - 1] == ' ')
        lb->len--;
    lb->text[lb->len] = '\0';
    fputs(lb->text, out);
    fputc('\n', out);
    lb->len = 0;
}

/* Append line `line` (0-based) of cell s wrapped to width, padded unless it
 * is the last column. */
static void put_cell_line(line_buf *out, const char *s, size_t width, size_t line, bool last)
{
    const char *next = s;
    size_t len = 0;
    for (size_t i = 0; i <= line; i++) {
        s = next;
        if (*s == '\0') {
            len = 0;
            break;
        }
        len = line_fit(s, width, &next);
    }
    char buf[1024];
    if (len >= sizeof buf)
        len = sizeof buf - 1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    lb_put(out, buf);
    if (!last)
        for (size_t i = relok_utf8_width(buf); i < width; i++)
            lb_put(out, " ");
}

static size_t cell_lines(const char *s, size_t width)
{
    size_t n = 0;
    const char *next = s;
    while (*next != '\0') {
        line_fit(next, width, &next);
        n++;
    }
    return n == 0 ? 1 : n;
}

void cli_table_print(const cli_table *t, FILE *out)
{
    size_t width[CLI_TABLE_MAX_COLS] = {0};
    for (size_t c = 0; c < t->n_cols; c++) {
        width[c] = relok_utf8_width(t->headers[c]);
        for (size_t r = 0; r < t->n_rows; r++) {
            size_t w = relok_utf8_width(t->rows[r][c]);
            if (w > width[c])
                width[c] = w;
        }
    }
    /* Two spaces between columns; narrow the widest column until the table
     * fits. Narrowed cells wrap onto more lines: nothing is cut off (a
     * truncated "unknown — verify" would hide the warning). */
    for (;;) {
        size_t total = 0, widest = 0;
        for (size_t c = 0; c < t->n_cols; c++) {
            total += width[c] + (c + 1 < t->n_cols ? 2 : 0);
            if (width[c] > width[widest])
                widest = c;
        }
        if (total <= CLI_TABLE_WIDTH || width[widest] <= 8)
            break;
        width[widest]--;
    }
    line_buf lb = {.len = 0};
    for (size_t c = 0; c < t->n_cols; c++) {
        put_cell_line(&lb, t->headers[c], width[c], 0, c + 1 == t->n_cols);
        if (c + 1 < t->n_cols)
            lb_put(&lb, "  ");
    }
    lb_flush(&lb, out);
    for (size_t c = 0; c < t->n_cols; c++) {
        for (size_t i = 0; i < width[c]; i++)
            lb_put(&lb, "-");
        if (c + 1 < t->n_cols)
            lb_put(&lb, "  ");
    }
    lb_flush(&lb, out);
    for (size_t r = 0; r < t->n_rows; r++) {
        size_t lines = 1;
        for (size_t c = 0; c < t->n_cols; c++) {
            size_t n = cell_lines(t->rows[r][c], width[c]);
            if (n > lines)
                lines = n;
        }
        for (size_t l = 0; l < lines; l++) {
            for (size_t c = 0; c < t->n_cols; c++) {
                put_cell_line(&lb, t->rows[r][c], width[c], l, c + 1 == t->n_cols);
                if (c + 1 < t->n_cols)
                    lb_put(&lb, "  ");
            }
            lb_flush(&lb, out);
        }
    }
}

void cli_wrap(FILE *out, const char *text, size_t indent, size_t width)
{
    size_t col = indent;
    for (size_t i = 0; i < indent; i++)
        fputc(' ', out);
    const char *p = text;
    bool first = true;
    while (*p != '\0') {
        while (*p == ' ')
            p++;
        const char *end = p;
        while (*end != '\0' && *end != ' ')
            end++;
        if (end == p)
            break;
        char word[1024];
        size_t len = (size_t)(end - p) < sizeof word - 1 ? (size_t)(end - p) : sizeof word - 1;
        memcpy(word, p, len);
        word[len] = '\0';
        size_t w = relok_utf8_width(word);
        if (!first && col + 1 + w > width) {
            fputc('\n', out);
            for (size_t i = 0; i < indent; i++)
                fputc(' ', out);
            col = indent;
            first = true;
        }
        if (!first) {
            fputc(' ', out);
            col++;
        }
        fputs(word, out);
        col += w;
        first = false;
        p = end;
    }
    fputc('\n', out);
}
