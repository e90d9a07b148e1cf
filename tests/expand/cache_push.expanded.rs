struct Scene {
    cache: Vec<JsValue>,
}
impl Scene {
    fn remember(&mut self, node: &web_sys::Node) {
        #[allow(unused_imports)]
        use ::wasm_ledger::__private as __wl;
        static __WL_SITE_8_8: __wl::Site = __wl::Site::labelled(
            "remember",
            ::core::file!(),
            8,
            8,
            "(body)",
        );
        static __WL_SITE_9_20: __wl::Site = __wl::Site::labelled(
            "remember",
            ::core::file!(),
            9,
            20,
            "self.cache",
        );
        static __WL_SITE_9_30: __wl::Site = __wl::Site::new(
            "remember",
            ::core::file!(),
            9,
            30,
        );
        let __wl_entered = __wl::enter(&__WL_SITE_8_8);
        __wl::observe_method_call(
                (
                    __wl::aim_at_js_receiver(
                        __wl::Ty::of_place(::core::ptr::addr_of!(self.cache)),
                        |__wl_t| __wl::receiver_is_js!(__wl_t),
                        &__WL_SITE_9_20,
                    ),
                    __wl::NO_BYTES,
                    __wl::cache_len!(
                        __wl::Ty::of_place(::core::ptr::addr_of!(self.cache)), & self
                        .cache
                    ),
                ),
                self
                    .cache
                    .push(
                        __wl::count_method_call(
                                __wl::look_at_receiver(
                                    &__WL_SITE_9_30,
                                    __wl::STAYS_IN_RUST,
                                    __wl::Ty::of_place(::core::ptr::addr_of!(node)),
                                    |__wl_recv| __wl::receiver_is_js!(__wl_recv),
                                ),
                                node.clone(),
                                |__wl_recv, __wl_ty, __wl_value| {
                                    let (__wl_ty, __wl_value) = __wl::project_result!(
                                        __wl_recv, __wl_ty, __wl_value
                                    );
                                    __wl::result_produced!(__wl_ty, __wl_value)
                                },
                            )
                            .into_inner()
                            .into(),
                    ),
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
                        &__WL_SITE_9_20,
                        __wl::result_produced!(__wl_ty, __wl_value),
                    );
                    __wl::count_bytes_to_js(__wl_js, __wl_bytes, &__WL_SITE_9_20);
                    __wl::record_cache_len(&__WL_SITE_9_20, __wl_cache);
                },
            )
            .into_inner();
    }
}
