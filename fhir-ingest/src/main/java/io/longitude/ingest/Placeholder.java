package io.longitude.ingest; final class Placeholder {}
