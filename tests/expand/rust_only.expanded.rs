fn words(text: &str) -> Vec<String> {
    #[allow(unused_imports)]
    use ::wasm_ledger::__private as __wl;
    #[allow(unused_imports)]
    use ::wasm_ledger::__private::kind::prelude::*;
    static __WL_SITE_1: __wl::Site = __wl::Site::new("words", ::core::file!(), 6, 20);
    static __WL_SITE_0: __wl::Site = __wl::Site::labelled(
        "words",
        ::core::file!(),
        3,
        4,
        "(body)",
    );
    let __wl_entered = __wl::enter(&__WL_SITE_0);
    let mut out = Vec::new();
    for w in text.split_whitespace() {
        out.push(
            __wl::method(
                    __wl::receiver(
                        &__WL_SITE_1,
                        true,
                        __wl::Ty::of_place(::core::ptr::addr_of!(w)),
                        |__wl_recv| (&&&&__wl_recv).__wl_recv(),
                    ),
                    w.to_lowercase(),
                    |__wl_recv, __wl_ty, __wl_value| {
                        let (__wl_ty, __wl_value) = (&&&&__wl_recv)
                            .__wl_project(__wl_ty, __wl_value);
                        (&&&&&&&__wl_ty).__wl_result(__wl_value)
                    },
                )
                .into_inner(),
        );
    }
    out.sort();
    out
}
