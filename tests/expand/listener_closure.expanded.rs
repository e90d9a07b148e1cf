fn listen(
    target: &web_sys::EventTarget,
    keep: &mut Vec<Closure<dyn FnMut()>>,
) -> Result<(), JsValue> {
    #[allow(unused_imports)]
    use ::wasm_ledger::__private as __wl;
    #[allow(unused_imports)]
    use ::wasm_ledger::__private::kind::prelude::*;
    static __WL_SITE_3: __wl::Site = __wl::Site::element(
        "listen",
        ::core::file!(),
        6,
        10,
        "keep",
    );
    static __WL_SITE_2: __wl::Site = __wl::Site::new("listen", ::core::file!(), 5, 12);
    static __WL_SITE_1: __wl::Site = __wl::Site::new("listen", ::core::file!(), 4, 44);
    static __WL_SITE_0: __wl::Site = __wl::Site::labelled(
        "listen",
        ::core::file!(),
        3,
        4,
        "(body)",
    );
    let __wl_entered = __wl::enter(&__WL_SITE_0);
    let on_click = __wl::call(
            __wl::entries(&__WL_SITE_1),
            0u64,
            1u64,
            Closure::<
                dyn FnMut(),
            >::new({
                let __wl_guard = __wl::ClosureGuard::new(&__WL_SITE_1);
                move || {
                    __wl_guard.__wl_keep();
                    {}
                }
            }),
            &__WL_SITE_1,
            |_, _| __wl::Produced::default(),
        )
        .into_inner();
    __wl::method(
            __wl::receiver(
                &__WL_SITE_2,
                true,
                __wl::Ty::of_place(::core::ptr::addr_of!(target)),
                |__wl_recv| (&&&&__wl_recv).__wl_recv(),
            ),
            target
                .add_event_listener_with_callback(
                    "click",
                    on_click.as_ref().unchecked_ref(),
                ),
            |__wl_recv, __wl_ty, __wl_value| {
                let (__wl_ty, __wl_value) = (&&&&__wl_recv)
                    .__wl_project(__wl_ty, __wl_value);
                (&&&&&&&__wl_ty).__wl_result(__wl_value)
            },
        )
        .into_inner()?;
    __wl::then(
            (
                __wl::aim_with(
                    __wl::Ty::of_place(::core::ptr::addr_of!(keep)),
                    |__wl_t| (&&&&__wl_t).__wl_recv(),
                    &__WL_SITE_3,
                ),
                0u64,
                (&&&__wl::Ty::of_place(::core::ptr::addr_of!(keep)))
                    .__wl_cache_len(&keep),
            ),
            keep.push(on_click),
            #[allow(unused_variables)]
            |(__wl_recv, __wl_bytes, __wl_cache), __wl_ty, __wl_value| {
                let (__wl_ty, __wl_value) = (&&&&__wl_recv)
                    .__wl_project(__wl_ty, __wl_value);
                let __wl_js = (&&&&__wl_recv).__wl_recv();
                __wl::back_if(__wl_js);
                __wl::count_method(
                    __wl_js,
                    true,
                    true,
                    &__WL_SITE_3,
                    (&&&&&&&__wl_ty).__wl_result(__wl_value),
                );
                __wl::bytes(__wl_js, __wl_bytes, &__WL_SITE_3);
                __wl::cache(&__WL_SITE_3, __wl_cache);
            },
        )
        .into_inner();
    Ok(())
}
