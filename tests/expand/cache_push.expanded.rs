struct Scene {
    cache: Vec<JsValue>,
}
impl Scene {
    fn remember(&mut self, node: &web_sys::Node) {
        #[allow(unused_imports)]
        use ::wasm_ledger::__private as __wl;
        #[allow(unused_imports)]
        use ::wasm_ledger::__private::kind::prelude::*;
        static __WL_SITE_2: __wl::Site = __wl::Site::element(
            "remember",
            ::core::file!(),
            9,
            20,
            "self.cache",
        );
        static __WL_SITE_1: __wl::Site = __wl::Site::new(
            "remember",
            ::core::file!(),
            9,
            30,
        );
        static __WL_SITE_0: __wl::Site = __wl::Site::labelled(
            "remember",
            ::core::file!(),
            8,
            8,
            "(body)",
        );
        let __wl_entered = __wl::enter(&__WL_SITE_0);
        __wl::then(
                (
                    __wl::aim_with(
                        __wl::Ty::of_place(::core::ptr::addr_of!(self.cache)),
                        |__wl_t| (&&&&__wl_t).__wl_recv(),
                        &__WL_SITE_2,
                    ),
                    0u64,
                    (&&&__wl::Ty::of_place(::core::ptr::addr_of!(self.cache)))
                        .__wl_cache_len(&self.cache),
                ),
                self
                    .cache
                    .push(
                        __wl::method(
                                __wl::receiver(
                                    &__WL_SITE_1,
                                    false,
                                    __wl::Ty::of_place(::core::ptr::addr_of!(node)),
                                    |__wl_recv| (&&&&__wl_recv).__wl_recv(),
                                ),
                                node.clone(),
                                |__wl_recv, __wl_ty, __wl_value| {
                                    let (__wl_ty, __wl_value) = (&&&&__wl_recv)
                                        .__wl_project(__wl_ty, __wl_value);
                                    (&&&&&&&__wl_ty).__wl_result(__wl_value)
                                },
                            )
                            .into_inner()
                            .into(),
                    ),
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
                        &__WL_SITE_2,
                        (&&&&&&&__wl_ty).__wl_result(__wl_value),
                    );
                    __wl::bytes(__wl_js, __wl_bytes, &__WL_SITE_2);
                    __wl::cache(&__WL_SITE_2, __wl_cache);
                },
            )
            .into_inner();
    }
}
