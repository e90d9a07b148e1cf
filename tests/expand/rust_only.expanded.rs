fn words(text: &str) -> Vec<String> {
    #[allow(unused_imports)]
    use ::wasm_ledger::__private as __wl;
    static __WL_SITE_3_4: __wl::Site = __wl::Site::labelled(
        "words",
        ::core::file!(),
        3,
        4,
        "(body)",
    );
    static __WL_SITE_6_20: __wl::Site = __wl::Site::new("words", ::core::file!(), 6, 20);
    let __wl_entered = __wl::enter(&__WL_SITE_3_4);
    let mut out = Vec::new();
    for w in text.split_whitespace() {
        out.push(
            __wl::count_method_call(
                    __wl::look_at_receiver(
                        &__WL_SITE_6_20,
                        __wl::CROSSES,
                        __wl::Ty::of_place(::core::ptr::addr_of!(w)),
                        |__wl_recv| __wl::receiver_is_js!(__wl_recv),
                    ),
                    w.to_lowercase(),
                    |__wl_recv, __wl_ty, __wl_value| {
                        let (__wl_ty, __wl_value) = __wl::project_result!(
                            __wl_recv, __wl_ty, __wl_value
                        );
                        __wl::result_produced!(__wl_ty, __wl_value)
                    },
                )
                .into_inner(),
        );
    }
    out.sort();
    out
}
