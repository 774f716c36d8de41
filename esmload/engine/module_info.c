/*
 * esmload's addition to the engine it builds (build_engine.py): a function that hands back
 * what QuickJS found when it compiled a module, read from the compiled module itself; the
 * writer a cold run serializes each module with (JS_WriteObject's bytes, without its cost
 * that grows with the runtime's atoms); and two small helpers (the module being compiled;
 * dropping built-in code's source text).
 *
 * Why: a cold run writes a record for every module it compiles, and the record's requests,
 * imports and exports are exactly what QuickJS has just analysed. Without this function the
 * record builder reads them back out of the module's bytecode in Python
 * (esmload/analyze/bytecode.py), the cold path's largest remaining cost on a big module; the
 * wheel's engine has no such function, and that path stays for it.
 *
 * This file is compiled instead of quickjs.c and includes it, to see the module's tables
 * (JSModuleDef and the module function's closure variables). It adds functions and changes
 * nothing in the engine: the bytecode it writes stays the wheel's, byte for byte.
 */

#include "quickjs.c"

/* The format esmload/analyze/bytecode.py `module_from_info` reads; bump both together. */
#define ESMLOAD_INFO_FORMAT 1

static void *esmload_realloc(void *opaque, void *ptr, size_t size)
{
    return js_realloc_rt(opaque, ptr, size);
}

/* A field: a NUL-terminated string (no field may hold a NUL itself). Digits by hand:
   dbuf_printf goes through vsnprintf, a noticeable part of a cold run's per-module work. */
static int esmload_put_uint(DynBuf *b, uint32_t n)
{
    char digits[11];
    int i = sizeof(digits);

    do {
        digits[--i] = '0' + n % 10;
        n /= 10;
    } while (n != 0);
    return dbuf_put(b, (const uint8_t *)digits + i, sizeof(digits) - i) || dbuf_putc(b, 0);
}

static int esmload_put_code_point(DynBuf *b, uint32_t c)
{
    /* UTF-8, except that a lone surrogate is written as if it were a code point (what
       Python's "surrogatepass" reads back): a JS name may hold one. */
    if (c < 0x80)
        return dbuf_putc(b, c);
    if (c < 0x800)
        return dbuf_putc(b, 0xC0 | (c >> 6)) || dbuf_putc(b, 0x80 | (c & 0x3F));
    if (c < 0x10000)
        return dbuf_putc(b, 0xE0 | (c >> 12)) || dbuf_putc(b, 0x80 | ((c >> 6) & 0x3F)) ||
               dbuf_putc(b, 0x80 | (c & 0x3F));
    return dbuf_putc(b, 0xF0 | (c >> 18)) || dbuf_putc(b, 0x80 | ((c >> 12) & 0x3F)) ||
           dbuf_putc(b, 0x80 | ((c >> 6) & 0x3F)) || dbuf_putc(b, 0x80 | (c & 0x3F));
}

/* An atom's name as a field; -1 for an atom that is not a plain name or holds a NUL. */
static int esmload_put_atom(JSRuntime *rt, DynBuf *b, JSAtom atom)
{
    JSString *p;
    uint32_t i, c, next;

    if (__JS_AtomIsTaggedInt(atom))
        return esmload_put_uint(b, __JS_AtomToUInt32(atom)) ? -1 : 0;
    if (atom == JS_ATOM_NULL || atom >= (JSAtom)rt->atom_size)
        return -1;
    p = rt->atom_array[atom];
    if (p == NULL || atom_is_free(p) || p->atom_type != JS_ATOM_TYPE_STRING)
        return -1;
    if (!p->is_wide_char) {
        const uint8_t *s = str8(p);
        for (i = 0; i < p->len; i++) {
            if (s[i] == 0 || esmload_put_code_point(b, s[i]))
                return -1;
        }
    } else {
        const uint16_t *s = str16(p);
        for (i = 0; i < p->len; i++) {
            c = s[i];
            if (c >= 0xD800 && c < 0xDC00 && i + 1 < p->len) {
                next = s[i + 1];
                if (next >= 0xDC00 && next < 0xE000) {
                    c = 0x10000 + ((c - 0xD800) << 10) + (next - 0xDC00);
                    i++;
                }
            }
            if (c == 0 || esmload_put_code_point(b, c))
                return -1;
        }
    }
    return dbuf_putc(b, 0) ? -1 : 0;
}

/*
 * The analysis of `m`, a module compiled and not yet evaluated, as NUL-terminated fields:
 * format, top-level await (0/1), then counted lists: requested module names; the module
 * function's closure-variable names; export entries (L, closure index, export name / I,
 * request index, import name, export name); star exports (request indexes); import entries
 * (closure index, import name, request index). NULL when the module is not in that state or
 * memory ran out; else a buffer of *plen bytes to give back with js_free.
 */
JS_EXTERN char *esmload_module_info(JSContext *ctx, JSModuleDef *m, size_t *plen)
{
    JSRuntime *rt = ctx->rt;
    JSFunctionBytecode *f;
    DynBuf b;
    int i, bad;

    if (m == NULL || JS_VALUE_GET_TAG(m->func_obj) != JS_TAG_FUNCTION_BYTECODE)
        return NULL;
    f = JS_VALUE_GET_PTR(m->func_obj);
    dbuf_init2(&b, rt, esmload_realloc);
    bad = esmload_put_uint(&b, ESMLOAD_INFO_FORMAT) || esmload_put_uint(&b, m->has_tla != 0);

    bad = bad || esmload_put_uint(&b, m->req_module_entries_count);
    for (i = 0; !bad && i < m->req_module_entries_count; i++)
        bad = esmload_put_atom(rt, &b, m->req_module_entries[i].module_name);

    bad = bad || esmload_put_uint(&b, f->closure_var_count);
    for (i = 0; !bad && i < f->closure_var_count; i++)
        bad = esmload_put_atom(rt, &b, f->closure_var[i].var_name);

    bad = bad || esmload_put_uint(&b, m->export_entries_count);
    for (i = 0; !bad && i < m->export_entries_count; i++) {
        JSExportEntry *e = &m->export_entries[i];
        if (e->export_type == JS_EXPORT_TYPE_LOCAL) {
            bad = (uint32_t)e->u.local.var_idx >= f->closure_var_count ||
                  dbuf_put(&b, (const uint8_t *)"L", 2) ||
                  esmload_put_uint(&b, e->u.local.var_idx);
        } else {
            bad = (uint32_t)e->u.req_module_idx >= (uint32_t)m->req_module_entries_count ||
                  dbuf_put(&b, (const uint8_t *)"I", 2) ||
                  esmload_put_uint(&b, e->u.req_module_idx) ||
                  esmload_put_atom(rt, &b, e->local_name);
        }
        bad = bad || esmload_put_atom(rt, &b, e->export_name);
    }

    bad = bad || esmload_put_uint(&b, m->star_export_entries_count);
    for (i = 0; !bad && i < m->star_export_entries_count; i++) {
        int request = m->star_export_entries[i].req_module_idx;
        bad = (uint32_t)request >= (uint32_t)m->req_module_entries_count ||
              esmload_put_uint(&b, request);
    }

    bad = bad || esmload_put_uint(&b, m->import_entries_count);
    for (i = 0; !bad && i < m->import_entries_count; i++) {
        JSImportEntry *e = &m->import_entries[i];
        bad = (uint32_t)e->var_idx >= f->closure_var_count ||
              (uint32_t)e->req_module_idx >= (uint32_t)m->req_module_entries_count ||
              esmload_put_uint(&b, e->var_idx) || esmload_put_atom(rt, &b, e->import_name) ||
              esmload_put_uint(&b, e->req_module_idx);
    }

    if (bad || dbuf_error(&b)) {
        dbuf_free(&b);
        return NULL;
    }
    *plen = b.size;
    return (char *)b.buf;
}

/*
 * JS_WriteObject(ctx, psize, obj, JS_WRITE_OBJ_BYTECODE | flags), the same bytes, with the
 * writer's atom index (atom -> position in the output's atom table) in `*table`, `*table_size`
 * entries kept zeroed between calls. Why: JS_WriteObject starts that index empty each time and
 * grows it, zeroing it entry by entry, up to the newest atom the module uses: a module's own
 * name is one, so every module paid for every atom the runtime had made, and a cold run that
 * writes N modules paid in N squared (a 5,000-module graph spent an eighth of its run there).
 * The table is the engine's memory (js_malloc), grown here when the runtime has more atoms;
 * its owner frees it with js_free. The bytes written are not: they are malloc's, so that the
 * caller can keep them past the runtime's life without a copy (esmload_free_dump frees them).
 */
static uint8_t *esmload_write_bytecode(JSContext *ctx, size_t *psize, JSValueConst obj, int flags,
                                       uint32_t **table, int *table_size)
{
    BCWriterState ss, *s = &ss;
    int i, needed, ok;
    uint32_t *grown;
    DynBuf *d;

    needed = ctx->rt->atom_size > JS_ATOM_END ? ctx->rt->atom_size - JS_ATOM_END : 1;
    if (*table_size < needed) {
        needed += needed / 2;
        grown = js_realloc(ctx, *table, needed * sizeof(uint32_t));
        if (grown == NULL)
            return NULL;
        memset(grown + *table_size, 0, (needed - *table_size) * sizeof(uint32_t));
        *table = grown;
        *table_size = needed;
    }
    memset(s, 0, sizeof(*s));
    s->ctx = ctx;
    s->allow_bytecode = true;
    s->allow_source = (flags & JS_WRITE_OBJ_STRIP_SOURCE) == 0;
    s->allow_debug = (flags & JS_WRITE_OBJ_STRIP_DEBUG) == 0;
    s->first_atom = JS_ATOM_END;
    s->atom_to_idx = *table;
    s->atom_to_idx_size = *table_size;
    dbuf_init(&s->dbuf); /* (malloc's: see above) */
    js_object_list_init(&s->object_list);
    ok = JS_WriteObjectRec(s, obj) == 0 && JS_WriteObjectAtoms(s) == 0;
    js_object_list_end(ctx, &s->object_list);
    /* Zero again the entries this write set (the engine grows the table itself if an atom
       lies beyond it; it stays ours either way). */
    for (i = 0; i < s->idx_to_atom_count; i++)
        s->atom_to_idx[s->idx_to_atom[i] - s->first_atom] = 0;
    *table = s->atom_to_idx;
    *table_size = s->atom_to_idx_size;
    js_free(ctx, s->idx_to_atom);
    js_free(ctx, s->sab_tab);
    d = &s->dbuf;
    if (!ok || dbuf_error(d)) {
        if (ok)
            JS_ThrowOutOfMemory(ctx); /* (JS_WriteObject would return what it had) */
        dbuf_free(d);
        return NULL;
    }
    /* The checksum, as JS_WriteObject computes it: over all but the version and itself. */
    put_u32(&d->buf[1], bc_csum(&d->buf[5], d->size - 5));
    *psize = d->size;
    return d->buf;
}

/*
 * What a cold run keeps of a compiled, not yet evaluated module, in one call: its bytecode
 * (esmload_write_bytecode with `flags`, `table` and `table_size`) followed by
 * esmload_module_info's account of it, in one buffer to give back with esmload_free_dump
 * (malloc's, not the engine's: it may outlive the runtime, and Python hands it on without
 * copying megabytes of a big module's bytecode). sizes[0] is the bytecode's length, sizes[1]
 * the account's (0 when there is none: see esmload_module_info). NULL, with the exception
 * pending, when the module cannot be written.
 */
JS_EXTERN char *esmload_dump_module(JSContext *ctx, JSModuleDef *m, int flags, size_t *sizes,
                                    uint32_t **table, int *table_size)
{
    uint8_t *code, *both;
    char *info;
    size_t info_len = 0;

    code = esmload_write_bytecode(ctx, &sizes[0], JS_MKPTR(JS_TAG_MODULE, m), flags, table,
                                  table_size);
    if (code == NULL)
        return NULL;
    info = esmload_module_info(ctx, m, &info_len);
    sizes[1] = 0;
    if (info != NULL) {
        both = realloc(code, sizes[0] + info_len);
        if (both != NULL) {
            memcpy(both + sizes[0], info, info_len);
            code = both;
            sizes[1] = info_len;
        }
        js_free(ctx, info); /* (without room for it: no account, which is optional) */
    }
    return (char *)code;
}

/* Free what esmload_dump_module returned. */
JS_EXTERN void esmload_free_dump(char *dump)
{
    free(dump);
}

/*
 * The module created last in `ctx`, if it is named `name` and compiled, not linked: while
 * QuickJS resolves a module's imports as it compiles it (the normalize callback runs for the
 * first one), that module is the newest one, complete but for its imports, so it can be
 * serialized and analysed then instead of after its whole graph has loaded. NULL otherwise.
 */
JS_EXTERN JSModuleDef *esmload_newest_module(JSContext *ctx, const char *name)
{
    JSModuleDef *m;
    const char *found;
    int same;

    if (list_empty(&ctx->loaded_modules))
        return NULL;
    m = list_entry(ctx->loaded_modules.prev, JSModuleDef, link);
    if (JS_VALUE_GET_TAG(m->func_obj) != JS_TAG_FUNCTION_BYTECODE ||
        m->status != JS_MODULE_STATUS_UNLINKED)
        return NULL;
    found = JS_AtomToCString(ctx, m->module_name);
    if (found == NULL) {
        JS_FreeValue(ctx, JS_GetException(ctx));
        return NULL;
    }
    same = strcmp(found, name) == 0;
    JS_FreeCString(ctx, found);
    return same ? m : NULL;
}

static void esmload_strip_function(JSContext *ctx, JSFunctionBytecode *b)
{
    int i;

    js_free(ctx, b->source);
    b->source = NULL;
    b->source_len = 0;
    for (i = 0; i < b->cpool_count; i++) {
        if (JS_VALUE_GET_TAG(b->cpool[i]) == JS_TAG_FUNCTION_BYTECODE)
            esmload_strip_function(ctx, JS_VALUE_GET_PTR(b->cpool[i]));
    }
}

/*
 * Drop the source text of a compiled, not yet evaluated script's functions (what their
 * toString() shows): the script is then what JS_ReadObject makes of its bytecode written with
 * JS_WRITE_OBJ_STRIP_SOURCE, which is how esmload's built-in code is cached, without writing
 * and reading it back. Returns 0, or -1 if `obj` is not compiled code.
 */
JS_EXTERN int esmload_strip_source(JSContext *ctx, JSValueConst obj)
{
    if (JS_VALUE_GET_TAG(obj) != JS_TAG_FUNCTION_BYTECODE)
        return -1;
    esmload_strip_function(ctx, JS_VALUE_GET_PTR(obj));
    return 0;
}

/* js_resolve_module's walk without its searches, for modules whose imports are all known. */
static int esmload_resolve_known(JSContext *ctx, JSModuleDef *m)
{
    int i;

    if (m->resolved)
        return 0;
    for (i = 0; i < m->req_module_entries_count; i++) {
        if (m->req_module_entries[i].module == NULL)
            return js_resolve_module(ctx, m); /* (a module read only in part: search) */
    }
    m->resolved = true;
    for (i = 0; i < m->req_module_entries_count; i++) {
        if (esmload_resolve_known(ctx, m->req_module_entries[i].module) < 0)
            return -1;
    }
    return 0;
}

/*
 * JS_ResolveModule for a module read from bytecode: JS_ReadObject has found each of its imports
 * already (js_host_resolve_imported_module_atom, a linear search of the context's modules per
 * import), and js_resolve_module would search for each of them again, by the same name and
 * the same (undefined) attributes, so find the same module. A module importing N others read
 * into a context holding N modules paid N*N/2 steps twice; this pays them once. Returns 0, or
 * -1 with the exception pending (after freeing the modules left unresolved, as
 * JS_ResolveModule does).
 */
JS_EXTERN int esmload_resolve_module(JSContext *ctx, JSModuleDef *m)
{
    if (esmload_resolve_known(ctx, m) < 0) {
        js_free_modules(ctx, JS_FREE_MODULE_NOT_RESOLVED);
        return -1;
    }
    return 0;
}
