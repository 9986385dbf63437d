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

/* Print s padded or cut to exactly width columns. */
static void put_cell(FILE *out, const char *s, size_t width, bool last)
{
    size_t w = relok_utf8_width(s);
    if (w <= width) {
        fputs(s, out);
        if (!last)
            for (size_t i = w; i < width; i++)
                fputc(' ', out);
        return;
    }
    /* Cut to width - 1 code points and mark the cut. */
    size_t cols = 0;
    const char *p = s;
    while (*p != '\0') {
        if (((unsigned char)*p & 0xC0) != 0x80) {
            if (cols == width - 1)
                break;
            cols++;
        }
        p++;
    }
    fwrite(s, 1, (size_t)(p - s), out);
    fputs("…", out);
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
    /* Two spaces between columns; shrink the widest column until it fits. */
    for (;;) {
        size_t total = 0, widest = 0;
        for (size_t c = 0; c < t->n_cols; c++) {
            total += width[c] + (c + 1 < t->n_cols ? 2 : 0);
            if (width[c] > width[widest])
                widest = c;
        }
        if (total <= CLI_TABLE_WIDTH || width[widest] <= 4)
            break;
        width[widest]--;
    }
    for (size_t c = 0; c < t->n_cols; c++) {
        put_cell(out, t->headers[c], width[c], c + 1 == t->n_cols);
        if (c + 1 < t->n_cols)
            fputs("  ", out);
    }
    fputc('\n', out);
    for (size_t c = 0; c < t->n_cols; c++) {
        for (size_t i = 0; i < width[c]; i++)
            fputc('-', out);
        if (c + 1 < t->n_cols)
            fputs("  ", out);
    }
    fputc('\n', out);
    for (size_t r = 0; r < t->n_rows; r++) {
        for (size_t c = 0; c < t->n_cols; c++) {
            put_cell(out, t->rows[r][c], width[c], c + 1 == t->n_cols);
            if (c + 1 < t->n_cols)
                fputs("  ", out);
        }
        fputc('\n', out);
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
