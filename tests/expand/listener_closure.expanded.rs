fn listen(
    target: &web_sys::EventTarget,
    keep: &mut Vec<Closure<dyn FnMut()>>,
) -> Result<(), JsValue> {
    #[allow(unused_imports)]
    use ::wasm_ledger::__private as __wl;
    static __WL_SITE_3_4: __wl::Site = __wl::Site::labelled(
        "listen",
        ::core::file!(),
        3,
        4,
        "(body)",
    );
    static __WL_SITE_4_44: __wl::Site = __wl::Site::new(
        "listen",
        ::core::file!(),
        4,
        44,
    );
    static __WL_SITE_5_12: __wl::Site = __wl::Site::new(
        "listen",
        ::core::file!(),
        5,
        12,
    );
    static __WL_SITE_6_10: __wl::Site = __wl::Site::labelled(
        "listen",
        ::core::file!(),
        6,
        10,
        "keep",
    );
    let __wl_entered = __wl::enter(&__WL_SITE_3_4);
    let on_click = __wl::count_function_call(
            __wl::before_call(&__WL_SITE_4_44),
            __wl::NO_BYTES,
            __wl::JS_FUNCTION,
            Closure::<
                dyn FnMut(),
            >::new({
                let __wl_guard = __wl::ClosureGuard::new(&__WL_SITE_4_44);
                move || {
                    __wl_guard.__wl_keep();
                    {}
                }
            }),
            &__WL_SITE_4_44,
            |_, _| __wl::Produced::default(),
        )
        .into_inner();
    __wl::count_method_call(
            __wl::look_at_receiver(
                &__WL_SITE_5_12,
                __wl::CROSSES,
                __wl::Ty::of_place(::core::ptr::addr_of!(target)),
                |__wl_recv| __wl::receiver_is_js!(__wl_recv),
            ),
            target
                .add_event_listener_with_callback(
                    "click",
                    on_click.as_ref().unchecked_ref(),
                ),
            |__wl_recv, __wl_ty, __wl_value| {
                let (__wl_ty, __wl_value) = __wl::project_result!(
                    __wl_recv, __wl_ty, __wl_value
                );
                __wl::result_produced!(__wl_ty, __wl_value)
            },
        )
        .into_inner()?;
    __wl::observe_method_call(
            (
                __wl::aim_at_js_receiver(
                    __wl::Ty::of_place(::core::ptr::addr_of!(keep)),
                    |__wl_t| __wl::receiver_is_js!(__wl_t),
                    &__WL_SITE_6_10,
                ),
                __wl::NO_BYTES,
                __wl::cache_len!(__wl::Ty::of_place(::core::ptr::addr_of!(keep)), & keep),
            ),
            keep.push(on_click),
            #[allow(unused_variables)]
            |(__wl_recv, __wl_bytes, __wl_cache), __wl_ty, __wl_value| {
                let (__wl_ty, __wl_value) = __wl::project_result!(
                    __wl_recv, __wl_ty, __wl_value
                );
                let __wl_js = __wl::receiver_is_js!(__wl_recv);
                __wl::back_if(__wl_js);
                __wl::count_after_method(
                    __wl_js,
                    __wl::CROSSES,
                    __wl::MAKES_HANDLES,
                    &__WL_SITE_6_10,
                    __wl::result_produced!(__wl_ty, __wl_value),
                );
                __wl::count_bytes_to_js(__wl_js, __wl_bytes, &__WL_SITE_6_10);
                __wl::record_cache_len(&__WL_SITE_6_10, __wl_cache);
            },
        )
        .into_inner();
    Ok(())
}
