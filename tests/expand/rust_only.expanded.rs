fn words(text: &str) -> Vec<String> {
    #[allow(unused_imports)]
    use ::wasm_ledger::__private::kind::{
        RecvJs as _, RecvDerefJs as _, RecvDeref2Js as _, RecvRust as _, IsClosure as _,
        IsClosureRef as _, NotClosure as _, IsJsFuture as _, IsPromise as _,
        NotJsFuture as _, Bytes as _, NoBytes as _, CacheOwned as _, CacheDeref as _,
        NotCache as _, ResultJs as _, ResultOption as _, ResultBoth as _, ResultOk as _,
        ResultErr as _, ResultFuture as _, ResultRust as _,
    };
    static __WL_SITE_4: ::wasm_ledger::__private::Site = ::wasm_ledger::__private::Site::labelled(
        "words",
        ::core::file!(),
        8u32,
        9u32,
        "",
    );
    static __WL_SITE_3: ::wasm_ledger::__private::Site = ::wasm_ledger::__private::Site::element(
        "words",
        ::core::file!(),
        6u32,
        13u32,
        "",
    );
    static __WL_SITE_2: ::wasm_ledger::__private::Site = ::wasm_ledger::__private::Site::labelled(
        "words",
        ::core::file!(),
        6u32,
        20u32,
        "",
    );
    static __WL_SITE_1: ::wasm_ledger::__private::Site = ::wasm_ledger::__private::Site::labelled(
        "words",
        ::core::file!(),
        5u32,
        19u32,
        "",
    );
    static __WL_SITE_0: ::wasm_ledger::__private::Site = ::wasm_ledger::__private::Site::labelled(
        "words",
        ::core::file!(),
        3u32,
        4u32,
        "(body)",
    );
    let __wl_entered = ::wasm_ledger::__private::enter(&__WL_SITE_0);
    let mut out = Vec::new();
    for w in ::wasm_ledger::__private::then(
            (
                ::wasm_ledger::__private::aim_with(
                    ::wasm_ledger::__private::Ty::of_place(::core::ptr::addr_of!(text)),
                    |__wl_t| (&&&&__wl_t).__wl_recv(),
                    &__WL_SITE_1,
                ),
                0u64,
                ::core::option::Option::<usize>::None,
            ),
            text.split_whitespace(),
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
                ::wasm_ledger::__private::bytes(__wl_js, __wl_bytes, &__WL_SITE_1);
                ::wasm_ledger::__private::cache(&__WL_SITE_1, __wl_cache);
            },
        )
        .into_inner()
    {
        ::wasm_ledger::__private::then(
                (
                    ::wasm_ledger::__private::aim_with(
                        ::wasm_ledger::__private::Ty::of_place(
                            ::core::ptr::addr_of!(out),
                        ),
                        |__wl_t| (&&&&__wl_t).__wl_recv(),
                        &__WL_SITE_3,
                    ),
                    0u64,
                    ::core::option::Option::<usize>::None,
                ),
                out
                    .push(
                        ::wasm_ledger::__private::then(
                                (
                                    ::wasm_ledger::__private::aim_with(
                                        ::wasm_ledger::__private::Ty::of_place(
                                            ::core::ptr::addr_of!(w),
                                        ),
                                        |__wl_t| (&&&&__wl_t).__wl_recv(),
                                        &__WL_SITE_2,
                                    ),
                                    0u64,
                                    ::core::option::Option::<usize>::None,
                                ),
                                w.to_lowercase(),
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
                                        &__WL_SITE_2,
                                        (&&&&&&&__wl_ty).__wl_result(__wl_value),
                                    );
                                    ::wasm_ledger::__private::bytes(
                                        __wl_js,
                                        __wl_bytes,
                                        &__WL_SITE_2,
                                    );
                                    ::wasm_ledger::__private::cache(&__WL_SITE_2, __wl_cache);
                                },
                            )
                            .into_inner(),
                    ),
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
                        &__WL_SITE_3,
                        (&&&&&&&__wl_ty).__wl_result(__wl_value),
                    );
                    ::wasm_ledger::__private::bytes(__wl_js, __wl_bytes, &__WL_SITE_3);
                    ::wasm_ledger::__private::cache(&__WL_SITE_3, __wl_cache);
                },
            )
            .into_inner();
    }
    ::wasm_ledger::__private::then(
            (
                ::wasm_ledger::__private::aim_with(
                    ::wasm_ledger::__private::Ty::of_place(::core::ptr::addr_of!(out)),
                    |__wl_t| (&&&&__wl_t).__wl_recv(),
                    &__WL_SITE_4,
                ),
                0u64,
                ::core::option::Option::<usize>::None,
            ),
            out.sort(),
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
                    &__WL_SITE_4,
                    (&&&&&&&__wl_ty).__wl_result(__wl_value),
                );
                ::wasm_ledger::__private::bytes(__wl_js, __wl_bytes, &__WL_SITE_4);
                ::wasm_ledger::__private::cache(&__WL_SITE_4, __wl_cache);
            },
        )
        .into_inner();
    out
}
