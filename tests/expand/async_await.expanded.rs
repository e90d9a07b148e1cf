async fn fetch_text(window: &web_sys::Window, url: &str) -> Result<JsValue, JsValue> {
    #[allow(unused_imports)]
    use ::wasm_ledger::__private as __wl;
    static __WL_SITE_3_10: __wl::Site = __wl::Site::labelled(
        "fetch_text",
        ::core::file!(),
        3,
        10,
        "(body)",
    );
    static __WL_SITE_4_30: __wl::Site = __wl::Site::new(
        "fetch_text",
        ::core::file!(),
        4,
        30,
    );
    static __WL_SITE_4_42: __wl::Site = __wl::Site::new(
        "fetch_text",
        ::core::file!(),
        4,
        42,
    );
    static __WL_SITE_4_63: __wl::Site = __wl::Site::new(
        "fetch_text",
        ::core::file!(),
        4,
        63,
    );
    let __wl_entered = __wl::enter(&__WL_SITE_3_10);
    let response = __wl::inspect_value(
            __wl::count_function_call(
                    __wl::before_call(&__WL_SITE_4_30),
                    __wl::NO_BYTES,
                    __wl::JS_FUNCTION,
                    JsFuture::from(
                        __wl::count_method_call(
                                __wl::look_at_receiver(
                                    &__WL_SITE_4_42,
                                    __wl::CROSSES,
                                    __wl::Ty::of_place(::core::ptr::addr_of!(window)),
                                    |__wl_recv| __wl::receiver_is_js!(__wl_recv),
                                ),
                                window.fetch_with_str(url),
                                |__wl_recv, __wl_ty, __wl_value| {
                                    let (__wl_ty, __wl_value) = __wl::project_result!(
                                        __wl_recv, __wl_ty, __wl_value
                                    );
                                    __wl::result_produced!(__wl_ty, __wl_value)
                                },
                            )
                            .into_inner(),
                    ),
                    &__WL_SITE_4_30,
                    #[allow(unused_variables)]
                    |__wl_ty, __wl_value| __wl::result_produced!(__wl_ty, __wl_value),
                )
                .into_inner(),
            |__wl_ty, _| {
                __wl::aim(&__WL_SITE_4_63);
                __wl::count_await(__wl::await_crossings!(__wl_ty), &__WL_SITE_4_63)
            },
        )
        .await?;
    Ok(response)
}
