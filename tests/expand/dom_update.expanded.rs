fn render(el: &web_sys::Element, count: u32) {
    #[allow(unused_imports)]
    use ::wasm_ledger::__private as __wl;
    static __WL_SITE_3_4: __wl::Site = __wl::Site::labelled(
        "render",
        ::core::file!(),
        3,
        4,
        "(body)",
    );
    static __WL_SITE_4_8: __wl::Site = __wl::Site::new("render", ::core::file!(), 4, 8);
    static __WL_SITE_5_8: __wl::Site = __wl::Site::new("render", ::core::file!(), 5, 8);
    let __wl_entered = __wl::enter(&__WL_SITE_3_4);
    __wl::count_method_call(
            __wl::look_at_receiver(
                &__WL_SITE_4_8,
                __wl::CROSSES,
                __wl::Ty::of_place(::core::ptr::addr_of!(el)),
                |__wl_recv| __wl::receiver_is_js!(__wl_recv),
            ),
            el.set_text_content(Some(&count.to_string())),
            |__wl_recv, __wl_ty, __wl_value| {
                let (__wl_ty, __wl_value) = __wl::project_result!(
                    __wl_recv, __wl_ty, __wl_value
                );
                __wl::result_produced!(__wl_ty, __wl_value)
            },
        )
        .into_inner();
    __wl::count_method_call(
            __wl::look_at_receiver(
                &__WL_SITE_5_8,
                __wl::CROSSES,
                __wl::Ty::of_place(::core::ptr::addr_of!(el)),
                |__wl_recv| __wl::receiver_is_js!(__wl_recv),
            ),
            el.set_class_name("counter"),
            |__wl_recv, __wl_ty, __wl_value| {
                let (__wl_ty, __wl_value) = __wl::project_result!(
                    __wl_recv, __wl_ty, __wl_value
                );
                __wl::result_produced!(__wl_ty, __wl_value)
            },
        )
        .into_inner();
}
