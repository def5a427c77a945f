/*
 * Test-only stand-in for the WinRT class Windows.UI.ViewManagement.UISettings, which Wine 8.0
 * (Debian 12) lacks and every Windows 10 1809+ has. Qt's `windows` platform asks it for the
 * accent colour while building its palette and aborts when the class cannot be activated,
 * so without it the installed app cannot be run on Qt's real Windows platform under Wine.
 *
 * `make windows-test` compiles this with mingw-w64 into the *test* Wine prefix only and
 * registers it (HKLM\Software\Microsoft\WindowsRuntime\ActivatableClassId\<class>\DllPath),
 * which is how Wine's combase finds WinRT classes. It is never part of the installer.
 *
 * It answers what Qt asks: IUISettings3::GetColorValue with Windows 10's default light
 * theme (black on white, accent #0078D7 and its shades); the other members of IUISettings,
 * IUISettings2 and IUISettings3 say E_NOTIMPL, event registrations succeed and never fire.
 * Interface ids: Windows SDK / Wine's windows.ui.viewmanagement.idl.
 */
#include <windows.h>

typedef struct { BYTE A, R, G, B; } Color;

static const GUID IID_IUnknown_ = {0x00000000, 0x0000, 0x0000, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};
static const GUID IID_IInspectable_ =
    {0xaf86e2e0, 0xb12d, 0x4c6a, {0x9c, 0x5a, 0xd7, 0xaa, 0x65, 0x10, 0x1e, 0x90}};
static const GUID IID_IAgileObject_ =
    {0x94ea2b94, 0xe9cc, 0x49e0, {0xc0, 0xff, 0xee, 0x64, 0xca, 0x8f, 0x5b, 0x90}};
static const GUID IID_IActivationFactory_ =
    {0x00000035, 0x0000, 0x0000, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};
static const GUID IID_IUISettings =
    {0x85361600, 0x1c63, 0x4627, {0xbc, 0xb1, 0x3a, 0x89, 0xe0, 0xbc, 0x9c, 0x55}};
static const GUID IID_IUISettings2 =
    {0xbad82401, 0x2721, 0x44f9, {0xbb, 0x91, 0x2b, 0xb2, 0x28, 0xbe, 0x44, 0x2f}};
static const GUID IID_IUISettings3 =
    {0x03021be4, 0x5254, 0x4781, {0x81, 0x94, 0x51, 0x68, 0xf7, 0xd0, 0x6d, 0x7b}};

typedef HRESULT(STDMETHODCALLTYPE *Method)(void);

/* One object, three interfaces: each interface pointer points at its own vtable field. */
typedef struct Settings
{
    const Method *settings1, *settings2, *settings3;
    LONG refs;
} Settings;

static Settings *from(void *iface, int index)
{
    return (Settings *)((char *)iface - index * sizeof(void *));
}

static HRESULT query(Settings *self, REFIID iid, void **out)
{
    if (IsEqualGUID(iid, &IID_IUnknown_) || IsEqualGUID(iid, &IID_IInspectable_) ||
        IsEqualGUID(iid, &IID_IAgileObject_) || IsEqualGUID(iid, &IID_IUISettings))
        *out = &self->settings1;
    else if (IsEqualGUID(iid, &IID_IUISettings2))
        *out = &self->settings2;
    else if (IsEqualGUID(iid, &IID_IUISettings3))
        *out = &self->settings3;
    else
    {
        *out = NULL;
        return E_NOINTERFACE;
    }
    InterlockedIncrement(&self->refs);
    return S_OK;
}

static ULONG release(Settings *self)
{
    LONG refs = InterlockedDecrement(&self->refs);
    if (!refs) HeapFree(GetProcessHeap(), 0, self);
    return refs;
}

#define IUNKNOWN(n)                                                                        \
    static HRESULT STDMETHODCALLTYPE query##n(void *iface, REFIID iid, void **out)         \
    {                                                                                      \
        return query(from(iface, n - 1), iid, out);                                        \
    }                                                                                      \
    static ULONG STDMETHODCALLTYPE addref##n(void *iface)                                  \
    {                                                                                      \
        return InterlockedIncrement(&from(iface, n - 1)->refs);                            \
    }                                                                                      \
    static ULONG STDMETHODCALLTYPE release##n(void *iface)                                 \
    {                                                                                      \
        return release(from(iface, n - 1));                                                \
    }
IUNKNOWN(1)
IUNKNOWN(2)
IUNKNOWN(3)

/* Any member this stand-in does not provide (the x64 calling convention lets one function
 * stand for every signature: arguments are in registers, the caller cleans up). */
static HRESULT STDMETHODCALLTYPE not_implemented(void) { return E_NOTIMPL; }

static HRESULT STDMETHODCALLTYPE trust_level(void *iface, int *level)
{
    (void)iface;
    *level = 0; /* BaseTrust */
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE get_color_value(void *iface, int type, Color *value)
{
    /* Background, Foreground, AccentDark3..AccentDark1, Accent, AccentLight1..3 (ARGB). */
    static const DWORD colors[] = {0xffffffff, 0xff000000, 0xff002642, 0xff004275, 0xff005a9e,
                                   0xff0078d7, 0xff429ce3, 0xff76b9ed, 0xffa6d8ff};
    (void)iface;
    if (type < 0 || type >= (int)(sizeof(colors) / sizeof(colors[0]))) return E_NOTIMPL;
    value->A = (BYTE)(colors[type] >> 24);
    value->R = (BYTE)(colors[type] >> 16);
    value->G = (BYTE)(colors[type] >> 8);
    value->B = (BYTE)colors[type];
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE add_handler(void *iface, void *handler, INT64 *token)
{
    (void)iface;
    (void)handler;
    *token = 1;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE remove_handler(void *iface, INT64 token)
{
    (void)iface;
    (void)token;
    return S_OK;
}

#define M(f) ((Method)(void (*)(void))(f))
/* IInspectable: GetIids, GetRuntimeClassName, GetTrustLevel */
#define INSPECTABLE(n) M(query##n), M(addref##n), M(release##n), M(not_implemented), \
                       M(not_implemented), M(trust_level)

static const Method settings1_vtbl[] = {
    INSPECTABLE(1),
    /* HandPreference, CursorSize, ScrollBarSize, ScrollBarArrowSize, ScrollBarThumbBoxSize,
       MessageDuration, AnimationsEnabled, CaretBrowsingEnabled, CaretBlinkRate, CaretWidth,
       DoubleClickTime, MouseHoverTime, UIElementColor */
    M(not_implemented), M(not_implemented), M(not_implemented), M(not_implemented),
    M(not_implemented), M(not_implemented), M(not_implemented), M(not_implemented),
    M(not_implemented), M(not_implemented), M(not_implemented), M(not_implemented),
    M(not_implemented)};
static const Method settings2_vtbl[] = {
    INSPECTABLE(2), /* TextScaleFactor, add_/remove_TextScaleFactorChanged */
    M(not_implemented), M(add_handler), M(remove_handler)};
static const Method settings3_vtbl[] = {
    INSPECTABLE(3), /* GetColorValue, add_/remove_ColorValuesChanged */
    M(get_color_value), M(add_handler), M(remove_handler)};

/* The activation factory: a static object. */
static HRESULT STDMETHODCALLTYPE factory_query(void *iface, REFIID iid, void **out)
{
    if (IsEqualGUID(iid, &IID_IUnknown_) || IsEqualGUID(iid, &IID_IInspectable_) ||
        IsEqualGUID(iid, &IID_IAgileObject_) || IsEqualGUID(iid, &IID_IActivationFactory_))
    {
        *out = iface;
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE factory_refs(void *iface)
{
    (void)iface;
    return 1;
}

static HRESULT STDMETHODCALLTYPE activate_instance(void *iface, void **instance)
{
    Settings *self = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*self));
    (void)iface;
    if (!self) return E_OUTOFMEMORY;
    self->settings1 = settings1_vtbl;
    self->settings2 = settings2_vtbl;
    self->settings3 = settings3_vtbl;
    self->refs = 1;
    *instance = &self->settings1;
    return S_OK;
}

static const Method factory_vtbl[] = {
    M(factory_query), M(factory_refs), M(factory_refs), M(not_implemented),
    M(not_implemented), M(trust_level), M(activate_instance)};
static const Method *factory = factory_vtbl;

__declspec(dllexport) HRESULT WINAPI DllGetActivationFactory(void *class_id, void **out)
{
    (void)class_id; /* registered for Windows.UI.ViewManagement.UISettings only */
    *out = (void *)&factory;
    return S_OK;
}

__declspec(dllexport) HRESULT WINAPI DllCanUnloadNow(void) { return S_FALSE; }
