fn listen(
    target: &web_sys::EventTarget,
    keep: &mut Vec<Closure<dyn FnMut()>>,
) -> Result<(), JsValue> {
    #[allow(unused_imports)]
    use ::wasm_ledger::__private::kind::{
        RecvJs as _, RecvDerefJs as _, RecvDeref2Js as _, RecvRust as _, IsClosure as _,
        IsClosureRef as _, NotClosure as _, IsJsFuture as _, IsPromise as _,
        NotJsFuture as _, Bytes as _, NoBytes as _, CacheOwned as _, CacheDeref as _,
        NotCache as _, ResultJs as _, ResultOption as _, ResultBoth as _, ResultOk as _,
        ResultErr as _, ResultFuture as _, ResultRust as _,
    };
    static __WL_SITE_3: ::wasm_ledger::__private::Site = ::wasm_ledger::__private::Site::element(
        "listen",
        ::core::file!(),
        6u32,
        10u32,
        "keep",
    );
    static __WL_SITE_2: ::wasm_ledger::__private::Site = ::wasm_ledger::__private::Site::labelled(
        "listen",
        ::core::file!(),
        5u32,
        12u32,
        "",
    );
    static __WL_SITE_1: ::wasm_ledger::__private::Site = ::wasm_ledger::__private::Site::labelled(
        "listen",
        ::core::file!(),
        4u32,
        44u32,
        "",
    );
    static __WL_SITE_0: ::wasm_ledger::__private::Site = ::wasm_ledger::__private::Site::labelled(
        "listen",
        ::core::file!(),
        3u32,
        4u32,
        "(body)",
    );
    let __wl_entered = ::wasm_ledger::__private::enter(&__WL_SITE_0);
    let on_click = ::wasm_ledger::__private::call(
            ::wasm_ledger::__private::entries(&__WL_SITE_1),
            0u64,
            1u64,
            Closure::<
                dyn FnMut(),
            >::new({
                let __wl_guard = ::wasm_ledger::__private::ClosureGuard::new(
                    &__WL_SITE_1,
                );
                move || {
                    __wl_guard.__wl_keep();
                    {}
                }
            }),
            &__WL_SITE_1,
            |_, _| ::wasm_ledger::__private::Produced::default(),
        )
        .into_inner();
    ::wasm_ledger::__private::then(
            (
                ::wasm_ledger::__private::aim_with(
                    ::wasm_ledger::__private::Ty::of_place(
                        ::core::ptr::addr_of!(target),
                    ),
                    |__wl_t| (&&&&__wl_t).__wl_recv(),
                    &__WL_SITE_2,
                ),
                0u64,
                ::core::option::Option::<usize>::None,
            ),
            target
                .add_event_listener_with_callback(
                    "click",
                    on_click.as_ref().unchecked_ref(),
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
                    &__WL_SITE_2,
                    (&&&&&&&__wl_ty).__wl_result(__wl_value),
                );
                ::wasm_ledger::__private::bytes(__wl_js, __wl_bytes, &__WL_SITE_2);
                ::wasm_ledger::__private::cache(&__WL_SITE_2, __wl_cache);
            },
        )
        .into_inner()?;
    ::wasm_ledger::__private::then(
            (
                ::wasm_ledger::__private::aim_with(
                    ::wasm_ledger::__private::Ty::of_place(::core::ptr::addr_of!(keep)),
                    |__wl_t| (&&&&__wl_t).__wl_recv(),
                    &__WL_SITE_3,
                ),
                0u64,
                (&&&::wasm_ledger::__private::Ty::of_place(::core::ptr::addr_of!(keep)))
                    .__wl_cache_len(&keep),
            ),
            keep.push(on_click),
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
    Ok(())
}
