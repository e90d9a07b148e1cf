async fn fetch_text(window: &web_sys::Window, url: &str) -> Result<JsValue, JsValue> {
    #[allow(unused_imports)]
    use ::wasm_ledger::__private::kind::{
        RecvJs as _, RecvDerefJs as _, RecvDeref2Js as _, RecvRust as _, IsClosure as _,
        IsClosureRef as _, NotClosure as _, IsJsFuture as _, IsPromise as _,
        NotJsFuture as _, Bytes as _, NoBytes as _, CacheOwned as _, CacheDeref as _,
        NotCache as _, ResultJs as _, ResultOption as _, ResultBoth as _, ResultOk as _,
        ResultErr as _, ResultFuture as _, ResultRust as _,
    };
    static __WL_SITE_3: ::wasm_ledger::__private::Site = ::wasm_ledger::__private::Site::labelled(
        "fetch_text",
        ::core::file!(),
        4u32,
        63u32,
        "",
    );
    static __WL_SITE_2: ::wasm_ledger::__private::Site = ::wasm_ledger::__private::Site::labelled(
        "fetch_text",
        ::core::file!(),
        4u32,
        30u32,
        "",
    );
    static __WL_SITE_1: ::wasm_ledger::__private::Site = ::wasm_ledger::__private::Site::labelled(
        "fetch_text",
        ::core::file!(),
        4u32,
        42u32,
        "",
    );
    static __WL_SITE_0: ::wasm_ledger::__private::Site = ::wasm_ledger::__private::Site::labelled(
        "fetch_text",
        ::core::file!(),
        3u32,
        10u32,
        "(body)",
    );
    let __wl_entered = ::wasm_ledger::__private::enter(&__WL_SITE_0);
    let response = ::wasm_ledger::__private::pass(
            ::wasm_ledger::__private::call(
                    ::wasm_ledger::__private::entries(&__WL_SITE_2),
                    0u64,
                    1u64,
                    JsFuture::from(
                        ::wasm_ledger::__private::then(
                                (
                                    ::wasm_ledger::__private::aim_with(
                                        ::wasm_ledger::__private::Ty::of_place(
                                            ::core::ptr::addr_of!(window),
                                        ),
                                        |__wl_t| (&&&&__wl_t).__wl_recv(),
                                        &__WL_SITE_1,
                                    ),
                                    0u64,
                                    ::core::option::Option::<usize>::None,
                                ),
                                window.fetch_with_str(url),
                                #[allow(unused_variables)]
                                |(__wl_recv, __wl_bytes, __wl_cache), __wl_ty, __wl_value| {
                                    let (__wl_ty, __wl_value) = (&&&&__wl_recv)
                                        .__wl_project(__wl_ty, __wl_value);
                                    let __wl_js = (&&&&__wl_recv).__wl_recv();
                                    ::wasm_ledger::__private::back_if(__wl_js);
                                    ::wasm_ledger::__private::method(
                                        __wl_js,
                                        true,
                                        true,
                                        &__WL_SITE_1,
                                        (&&&&&&&__wl_ty).__wl_result(__wl_value),
                                    );
                                    ::wasm_ledger::__private::bytes(
                                        __wl_js,
                                        __wl_bytes,
                                        &__WL_SITE_1,
                                    );
                                    ::wasm_ledger::__private::cache(&__WL_SITE_1, __wl_cache);
                                },
                            )
                            .into_inner(),
                    ),
                    &__WL_SITE_2,
                    #[allow(unused_variables)]
                    |__wl_ty, __wl_value| (&&&&&&&__wl_ty).__wl_result(__wl_value),
                )
                .into_inner(),
            |__wl_ty, _| {
                ::wasm_ledger::__private::aim(&__WL_SITE_3);
                ::wasm_ledger::__private::awaited(
                    (&&&__wl_ty).__wl_future(),
                    &__WL_SITE_3,
                )
            },
        )
        .await?;
    Ok(response)
}
