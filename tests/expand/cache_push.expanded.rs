struct Scene {
    cache: Vec<JsValue>,
}
impl Scene {
    fn remember(&mut self, node: &web_sys::Node) {
        #[allow(unused_imports)]
        use ::wasm_ledger::__private::kind::{
            RecvJs as _, RecvDerefJs as _, RecvDeref2Js as _, RecvRust as _,
            IsClosure as _, IsClosureRef as _, NotClosure as _, IsJsFuture as _,
            IsPromise as _, NotJsFuture as _, Bytes as _, NoBytes as _, CacheOwned as _,
            CacheDeref as _, NotCache as _, ResultJs as _, ResultOption as _,
            ResultBoth as _, ResultOk as _, ResultErr as _, ResultFuture as _,
            ResultRust as _,
        };
        static __WL_SITE_2: ::wasm_ledger::__private::Site = ::wasm_ledger::__private::Site::element(
            "remember",
            ::core::file!(),
            9u32,
            20u32,
            "self.cache",
        );
        static __WL_SITE_1: ::wasm_ledger::__private::Site = ::wasm_ledger::__private::Site::labelled(
            "remember",
            ::core::file!(),
            9u32,
            30u32,
            "",
        );
        static __WL_SITE_0: ::wasm_ledger::__private::Site = ::wasm_ledger::__private::Site::labelled(
            "remember",
            ::core::file!(),
            8u32,
            8u32,
            "(body)",
        );
        let __wl_entered = ::wasm_ledger::__private::enter(&__WL_SITE_0);
        ::wasm_ledger::__private::then(
                (
                    ::wasm_ledger::__private::aim_with(
                        ::wasm_ledger::__private::Ty::of_place(
                            ::core::ptr::addr_of!(self.cache),
                        ),
                        |__wl_t| (&&&&__wl_t).__wl_recv(),
                        &__WL_SITE_2,
                    ),
                    0u64,
                    (&&&::wasm_ledger::__private::Ty::of_place(
                        ::core::ptr::addr_of!(self.cache),
                    ))
                        .__wl_cache_len(&self.cache),
                ),
                self
                    .cache
                    .push(
                        ::wasm_ledger::__private::then(
                                (
                                    ::wasm_ledger::__private::aim_with(
                                        ::wasm_ledger::__private::Ty::of_place(
                                            ::core::ptr::addr_of!(node),
                                        ),
                                        |__wl_t| (&&&&__wl_t).__wl_recv(),
                                        &__WL_SITE_1,
                                    ),
                                    0u64,
                                    ::core::option::Option::<usize>::None,
                                ),
                                node.clone(),
                                #[allow(unused_variables)]
                                |(__wl_recv, __wl_bytes, __wl_cache), __wl_ty, __wl_value| {
                                    let (__wl_ty, __wl_value) = (&&&&__wl_recv)
                                        .__wl_project(__wl_ty, __wl_value);
                                    let __wl_js = (&&&&__wl_recv).__wl_recv();
                                    ::wasm_ledger::__private::back_if(__wl_js);
                                    ::wasm_ledger::__private::method(
                                        __wl_js,
                                        false,
                                        true,
                                        &__WL_SITE_1,
                                        (&&&&&&&__wl_ty).__wl_result(__wl_value),
                                    );
                                    ::wasm_ledger::__private::bytes(
                                        __wl_js,
                                        __wl_bytes,
                                        &__WL_SITE_1,
                                    );
                                    ::wasm_ledger::__private::cache(&__WL_SITE_1, __wl_cache);
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
            .into_inner();
    }
}
