package io.longitude.models; final class Placeholder {}
