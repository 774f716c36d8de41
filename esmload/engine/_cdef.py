"""C declarations of the part of the QuickJS-ng 0.17 API that esmload uses.

`JSValue` is declared as `{uint64_t u; int64_t tag;}` instead of the real union: cffi's ABI mode
refuses callbacks whose struct contains a union, and the two layouts are the same size and use the
same registers on x86-64 and aarch64 (see ARCHITECTURE.md). Regenerate `_ffi.py` with
`python -m esmload.engine.build_ffi` after editing.
"""

CDEF = r"""
typedef struct JSRuntime JSRuntime;
typedef struct JSContext JSContext;
typedef struct JSModuleDef JSModuleDef;
typedef uint32_t JSAtom;
typedef uint32_t JSClassID;
typedef struct JSValue { uint64_t u; int64_t tag; } JSValue;
typedef struct JSPropertyEnum { bool is_enumerable; JSAtom atom; } JSPropertyEnum;
typedef struct JSMemoryUsage {
    int64_t malloc_size, malloc_limit, memory_used_size;
    int64_t malloc_count;
    int64_t memory_used_count;
    int64_t atom_count, atom_size;
    int64_t str_count, str_size;
    int64_t obj_count, obj_size;
    int64_t prop_count, prop_size;
    int64_t shape_count, shape_size;
    int64_t js_func_count, js_func_size, js_func_code_size;
    int64_t js_func_pc2line_count, js_func_pc2line_size;
    int64_t c_func_count, array_count;
    int64_t fast_array_count, fast_array_elements;
    int64_t binary_object_count, binary_object_size;
} JSMemoryUsage;

typedef JSValue JSCClosure(JSContext *ctx, JSValue this_val, int argc, JSValue *argv,
                           int magic, void *opaque);
typedef void JSCClosureFinalizerFunc(void *opaque);
typedef char *JSModuleNormalizeFunc2(JSContext *ctx, const char *module_base_name,
                                     const char *module_name, JSValue attributes, void *opaque);
typedef JSModuleDef *JSModuleLoaderFunc2(JSContext *ctx, const char *module_name, void *opaque,
                                         JSValue attributes);
typedef int JSModuleCheckSupportedImportAttributes(JSContext *ctx, void *opaque,
                                                   JSValue attributes);
typedef int JSModuleInitFunc(JSContext *ctx, JSModuleDef *m);
typedef int JSInterruptHandler(JSRuntime *rt, void *opaque);
// Frees (size 0) or resizes the memory of an ArrayBuffer made by JS_NewArrayBuffer.
typedef void *JSReallocArrayBufferDataFunc(JSRuntime *rt, void *opaque, void *ptr, size_t size);
typedef void JSHostPromiseRejectionTracker(JSContext *ctx, JSValue promise, JSValue reason,
                                           bool is_handled, void *opaque);

const char *JS_GetVersion(void);

JSRuntime *JS_NewRuntime(void);
void JS_FreeRuntime(JSRuntime *rt);
void JS_SetMemoryLimit(JSRuntime *rt, size_t limit);
void JS_SetMaxStackSize(JSRuntime *rt, size_t stack_size);
void JS_UpdateStackTop(JSRuntime *rt);
void JS_RunGC(JSRuntime *rt);
void JS_ComputeMemoryUsage(JSRuntime *rt, JSMemoryUsage *s);
void JS_SetInterruptHandler(JSRuntime *rt, JSInterruptHandler *cb, void *opaque);
void JS_SetHostPromiseRejectionTracker(JSRuntime *rt, JSHostPromiseRejectionTracker *cb,
                                       void *opaque);
void JS_SetModuleLoaderFunc2(JSRuntime *rt, void *module_normalize,
                             JSModuleLoaderFunc2 *module_loader,
                             JSModuleCheckSupportedImportAttributes *module_check_attrs,
                             void *opaque);
void JS_SetModuleNormalizeFunc2(JSRuntime *rt, JSModuleNormalizeFunc2 *module_normalize);
bool JS_IsJobPending(JSRuntime *rt);
int JS_ExecutePendingJob(JSRuntime *rt, JSContext **pctx);

JSContext *JS_NewContext(JSRuntime *rt);
void JS_FreeContext(JSContext *ctx);

void *js_malloc(JSContext *ctx, size_t size);
void js_free(JSContext *ctx, void *ptr);
char *js_strdup(JSContext *ctx, const char *str);

JSValue JS_Eval(JSContext *ctx, const char *input, size_t input_len, const char *filename,
                int eval_flags);
typedef struct JSEvalOptions {
    int version;  // JS_EVAL_OPTIONS_VERSION: 1
    int eval_flags;
    const char *filename;
    int line_num;
} JSEvalOptions;
JSValue JS_Eval2(JSContext *ctx, const char *input, size_t input_len, JSEvalOptions *options);
JSValue JS_EvalFunction(JSContext *ctx, JSValue fun_obj);
int JS_ResolveModule(JSContext *ctx, JSValue obj);
uint8_t *JS_WriteObject(JSContext *ctx, size_t *psize, JSValue obj, int flags);
JSValue JS_ReadObject(JSContext *ctx, const uint8_t *buf, size_t buf_len, int flags);

JSValue JS_GetImportMeta(JSContext *ctx, JSModuleDef *m);
JSAtom JS_GetModuleName(JSContext *ctx, JSModuleDef *m);
JSValue JS_GetModuleNamespace(JSContext *ctx, JSModuleDef *m);
JSModuleDef *JS_NewCModule(JSContext *ctx, const char *name_str, JSModuleInitFunc *func);
int JS_AddModuleExport(JSContext *ctx, JSModuleDef *m, const char *name_str);
int JS_SetModuleExport(JSContext *ctx, JSModuleDef *m, const char *export_name, JSValue val);
int JS_SetModulePrivateValue(JSContext *ctx, JSModuleDef *m, JSValue val);
JSValue JS_GetModulePrivateValue(JSContext *ctx, JSModuleDef *m);

// esmload's own (module_info.c): only in the engine built at install, not in the wheel's.
char *esmload_module_info(JSContext *ctx, JSModuleDef *m, size_t *plen);
char *esmload_dump_module(JSContext *ctx, JSModuleDef *m, int flags, size_t *sizes,
                          uint32_t **table, int *table_size);
void esmload_free_dump(char *dump);
int esmload_resolve_module(JSContext *ctx, JSModuleDef *m);
JSModuleDef *esmload_newest_module(JSContext *ctx, const char *name);
int esmload_strip_source(JSContext *ctx, JSValue obj);

void JS_FreeValue(JSContext *ctx, JSValue v);
JSValue JS_DupValue(JSContext *ctx, JSValue v);

JSValue JS_Throw(JSContext *ctx, JSValue obj);
JSValue JS_GetException(JSContext *ctx);
bool JS_HasException(JSContext *ctx);
bool JS_IsError(JSValue val);
bool JS_IsUncatchableError(JSValue val);
void JS_SetUncatchableError(JSContext *ctx, JSValue val);
JSValue JS_NewError(JSContext *ctx);
JSValue JS_ThrowOutOfMemory(JSContext *ctx);

JSValue JS_GetGlobalObject(JSContext *ctx);
JSValue JS_NewObject(JSContext *ctx);
JSValue JS_NewArray(JSContext *ctx);
JSValue JS_NewNumber(JSContext *ctx, double d);
JSValue JS_NewBigInt64(JSContext *ctx, int64_t v);
JSValue JS_NewStringLen(JSContext *ctx, const char *str1, size_t len1);
JSValue JS_NewUint8ArrayCopy(JSContext *ctx, const uint8_t *buf, size_t len);
JSValue JS_ParseJSON(JSContext *ctx, const char *buf, size_t buf_len, const char *filename);
JSValue JS_NewCClosure(JSContext *ctx, JSCClosure *func, const char *name,
                       JSCClosureFinalizerFunc *opaque_finalize, int length, int magic,
                       void *opaque);

JSValue JS_GetPropertyStr(JSContext *ctx, JSValue this_obj, const char *prop);
JSValue JS_GetProperty(JSContext *ctx, JSValue this_obj, JSAtom prop);
JSValue JS_GetPropertyUint32(JSContext *ctx, JSValue this_obj, uint32_t idx);
JSValue JS_GetPropertyValue(JSContext *ctx, JSValue this_obj, JSValue prop);
int JS_SetPropertyStr(JSContext *ctx, JSValue this_obj, const char *prop, JSValue val);
int JS_SetPropertyUint32(JSContext *ctx, JSValue this_obj, uint32_t idx, JSValue val);
int JS_SetPropertyValue(JSContext *ctx, JSValue this_obj, JSValue prop, JSValue val);
int JS_DefinePropertyValueStr(JSContext *ctx, JSValue this_obj, const char *prop, JSValue val,
                              int flags);
// desc: a JSPropertyDescriptor * (NULL here: only whether the property exists)
int JS_GetOwnProperty(JSContext *ctx, void *desc, JSValue obj, JSAtom prop);
int JS_GetOwnPropertyNames(JSContext *ctx, JSPropertyEnum **ptab, uint32_t *plen, JSValue obj,
                           int flags);
void JS_FreePropertyEnum(JSContext *ctx, JSPropertyEnum *tab, uint32_t len);
int JS_GetLength(JSContext *ctx, JSValue obj, int64_t *pres);

JSAtom JS_NewAtomLen(JSContext *ctx, const char *str, size_t len);
void JS_FreeAtom(JSContext *ctx, JSAtom v);
JSValue JS_AtomToString(JSContext *ctx, JSAtom atom);
const char *JS_AtomToCStringLen(JSContext *ctx, size_t *plen, JSAtom atom);

const char *JS_ToCStringLen2(JSContext *ctx, size_t *plen, JSValue val1, bool cesu8);
void JS_FreeCString(JSContext *ctx, const char *ptr);
int JS_ToFloat64(JSContext *ctx, double *pres, JSValue val);
int JS_ToBigInt64(JSContext *ctx, int64_t *pres, JSValue val);
int JS_ToBool(JSContext *ctx, JSValue val);
JSValue JS_ToString(JSContext *ctx, JSValue val);
JSValue JS_JSONStringify(JSContext *ctx, JSValue obj, JSValue replacer, JSValue space0);

JSValue JS_Call(JSContext *ctx, JSValue func_obj, JSValue this_obj, int argc, JSValue *argv);
JSValue JS_CallConstructor(JSContext *ctx, JSValue func_obj, int argc, JSValue *argv);
bool JS_IsFunction(JSContext *ctx, JSValue val);
bool JS_IsArray(JSValue val);
bool JS_IsPromise(JSValue val);
int JS_IsInstanceOf(JSContext *ctx, JSValue val, JSValue obj);
uint8_t *JS_GetUint8Array(JSContext *ctx, size_t *psize, JSValue obj);
JSValue JS_NewArrayBuffer(JSContext *ctx, uint8_t *buf, size_t len, size_t max_len,
                          JSReallocArrayBufferDataFunc *realloc_func, void *opaque,
                          bool is_shared);
JSValue JS_NewArrayBufferCopy(JSContext *ctx, const uint8_t *buf, size_t len);
uint8_t *JS_GetArrayBuffer(JSContext *ctx, size_t *psize, JSValue obj);
bool JS_IsArrayBuffer(JSValue obj);
bool JS_IsDataView(JSValue val);
int JS_GetTypedArrayType(JSValue obj);
// array_type: a JSTypedArrayEnum
JSValue JS_NewTypedArray(JSContext *ctx, int argc, JSValue *argv, int array_type);
JSValue JS_GetTypedArrayBuffer(JSContext *ctx, JSValue obj, size_t *pbyte_offset,
                               size_t *pbyte_length, size_t *pbytes_per_element);
int JS_IsImmutableArrayBuffer(JSValue obj);
int JS_SetImmutableArrayBuffer(JSValue obj, bool immutable);
int JS_PromiseState(JSContext *ctx, JSValue promise);
JSValue JS_PromiseResult(JSContext *ctx, JSValue promise);
JSValue JS_NewPromiseCapability(JSContext *ctx, JSValue *resolving_funcs);
void JS_PromiseMarkAsHandled(JSContext *ctx, JSValue promise);
"""
